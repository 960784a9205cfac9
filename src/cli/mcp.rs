//! `coord mcp`: serve the Model Context Protocol on standard input and output.

use super::Ctx;
use crate::error::Result;

pub fn run(ctx: &mut Ctx) -> Result<i32> {
    ctx.formats(&[crate::output::Format::Human])?;
    crate::mcp::serve(ctx.cwd.clone(), ctx.env.clone())?;
    Ok(0)
}
