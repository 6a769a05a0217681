//! `gateway-guard`: Gateway Guard's diagnosis engine as a native command.

use std::process::ExitCode;

mod diagnose_cmd;
mod inspect_form_cmd;

const USAGE: &str = "usage:
  gateway-guard diagnose FILE.har [--json]       diagnose every failed entry of a HAR capture
  gateway-guard inspect-form FILE.html [--json]  how payment-like each form of a page is
  gateway-guard --version";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("diagnose") => diagnose_cmd::run(rest),
        Some("inspect-form") => inspect_form_cmd::run(rest),
        Some("--version" | "-V") => {
            println!("gateway-guard {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some("--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gateway-guard: {e:#}");
            ExitCode::from(2)
        }
    }
}
