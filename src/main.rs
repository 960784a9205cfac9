//! The `coord` binary: parse arguments, read the environment once, run, map the result to an
//! exit code.

use clap::Parser;

fn main() {
    // `COMPLETE=bash coord` prints the shell's registration; the shell then calls back here.
    clap_complete::CompleteEnv::with_factory(<coord::cli::Cli as clap::CommandFactory>::command)
        .complete();
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
