//! `coord demo DIR`: a populated sample repository to try every command on.

use std::path::PathBuf;

use super::Ctx;
use crate::demo;
use crate::error::Result;
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create it (a new or empty folder).
    dir: PathBuf,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(&[Format::Human])?;
    let root = demo::create(&ctx.cwd.join(&args.dir), ctx.env.now()?)?;
    ctx.out
        .line(format!("Created a sample repository at {}", root.display()));
    ctx.out.line("Try, inside it: coord status · coord atoms list · coord atoms ready · coord graph --critical · coord conflicts · coord zones who --all · coord dashboard --check");
    Ok(0)
}
