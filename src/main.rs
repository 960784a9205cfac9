//! The `coord` binary: parse arguments, read the environment once, run, map the result to an
//! exit code.

use clap::Parser;

fn main() {
    let cli = coord::cli::Cli::parse();
    let env = coord::env::Env::from_process();
    let code = match coord::cli::run(cli, env.clone()) {
        Ok(code) => code,
        Err(error) => {
            let code = error.exit_code();
            coord::cli::report(error, &env);
            code
        }
    };
    std::process::exit(code);
}
