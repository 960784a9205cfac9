//! The `coord` binary: parse arguments, run, map the result to an exit code.

use clap::Parser;

fn main() {
    let cli = coord::cli::Cli::parse();
    let code = match coord::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            let code = error.exit_code();
            coord::cli::report(error);
            code
        }
    };
    std::process::exit(code);
}
