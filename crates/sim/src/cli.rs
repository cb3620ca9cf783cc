//! The command line: which simulators, where, and with what initial state.

use std::ffi::OsString;
use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Arg, ArgAction, Command, value_parser};

use crate::hosts::Vendor;

/// The first port of the fixed layout: the admin API; the simulators follow.
pub const DEFAULT_PORT: u16 = 8700;
const DEFAULT_PORT_TEXT: &str = "8700";

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The simulators to start, in the fixed order.
    pub vendors: Vec<Vendor>,
    /// The address every server listens on.
    pub bind: IpAddr,
    /// The admin API's port; simulators take the next ones. 0: free ports.
    pub port: u16,
    /// Initial state, per vendor.
    pub seed: Option<PathBuf>,
    /// Where configuration files (the wallet authority file) go.
    pub config_dir: Option<PathBuf>,
    /// Where to write the connection details as JSON once every server listens.
    pub info_file: Option<PathBuf>,
}

fn command() -> Command {
    Command::new("paykit-sim")
        .about("Every paykit vendor simulator on loopback, with an admin API, until interrupted.")
        .after_help(format!(
            "Ports (default layout): admin API {p}, wallet {}, ParityDeals {} (edge {}), \
             Pax8 {}, Spreedly {}, ClubReady {}. `--port N` moves the whole layout to start at \
             N; `--port 0` takes free ports (read them from the table or `--info-file`).",
            DEFAULT_PORT + 1,
            DEFAULT_PORT + 2,
            DEFAULT_PORT + 3,
            DEFAULT_PORT + 4,
            DEFAULT_PORT + 5,
            DEFAULT_PORT + 6,
            p = DEFAULT_PORT
        ))
        .arg(
            Arg::new("vendor")
                .long("vendor")
                .value_name("NAMES")
                .help("Simulators to start, comma-separated (default: all): wallet, paritydeals, pax8, spreedly, clubready")
                .action(ArgAction::Append)
                .value_delimiter(','),
        )
        .arg(
            Arg::new("bind")
                .long("bind")
                .value_name("ADDRESS")
                .help("Address to listen on")
                .default_value("127.0.0.1")
                .value_parser(value_parser!(IpAddr)),
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("PORT")
                .help("Admin API port; the simulators take the following ports (0: free ports)")
                .default_value(DEFAULT_PORT_TEXT)
                .value_parser(value_parser!(u16)),
        )
        .arg(
            Arg::new("seed")
                .long("seed")
                .value_name("FILE")
                .help("JSON file of initial state, one section per vendor (applied again on reset)")
                .value_parser(value_parser!(PathBuf)),
        )
        .arg(
            Arg::new("config-dir")
                .long("config-dir")
                .value_name("DIR")
                .help("Where to write configuration files (default: a temporary directory removed on exit)")
                .value_parser(value_parser!(PathBuf)),
        )
        .arg(
            Arg::new("info-file")
                .long("info-file")
                .value_name("FILE")
                .help("Write the connection details as JSON to FILE once every server listens")
                .value_parser(value_parser!(PathBuf)),
        )
}

/// Parses the command line; `Err` carries clap's message (help and version included) and
/// exits through it.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Options, clap::Error> {
    let matches = command().try_get_matches_from(args)?;
    let mut vendors = Vec::new();
    for name in matches.get_many::<String>("vendor").into_iter().flatten() {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let vendor = Vendor::from_name(name).ok_or_else(|| {
            command().error(
                clap::error::ErrorKind::InvalidValue,
                format!(
                    "unknown vendor {name:?}; choose from {}",
                    Vendor::ALL.map(Vendor::name).join(", ")
                ),
            )
        })?;
        if !vendors.contains(&vendor) {
            vendors.push(vendor);
        }
    }
    if vendors.is_empty() {
        vendors = Vendor::ALL.to_vec();
    }
    vendors.sort();
    let port = *matches.get_one::<u16>("port").expect("has a default");
    if port != 0 && usize::from(port) + Vendor::PORTS_USED > usize::from(u16::MAX) {
        return Err(command().error(
            clap::error::ErrorKind::InvalidValue,
            format!("--port {port} leaves no room for the simulators' ports after it"),
        ));
    }
    Ok(Options {
        vendors,
        bind: *matches.get_one::<IpAddr>("bind").expect("has a default"),
        port,
        seed: matches.get_one::<PathBuf>("seed").cloned(),
        config_dir: matches.get_one::<PathBuf>("config-dir").cloned(),
        info_file: matches.get_one::<PathBuf>("info-file").cloned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_args(args: &[&str]) -> Result<Options, clap::Error> {
        parse(
            std::iter::once("paykit-sim")
                .chain(args.iter().copied())
                .map(OsString::from),
        )
    }

    #[test]
    fn defaults_start_every_vendor_on_the_fixed_layout() {
        let options = parse_args(&[]).unwrap();
        assert_eq!(options.vendors, Vendor::ALL.to_vec());
        assert_eq!(options.port, DEFAULT_PORT);
        assert_eq!(options.bind.to_string(), "127.0.0.1");
    }

    #[test]
    fn vendors_are_picked_by_name_in_any_order_once() {
        let options = parse_args(&["--vendor", "pax8,wallet", "--vendor", "pax8"]).unwrap();
        assert_eq!(options.vendors, vec![Vendor::Wallet, Vendor::Pax8]);
    }

    #[test]
    fn an_unknown_vendor_or_a_port_too_high_is_refused() {
        let error = parse_args(&["--vendor", "stripe"]).unwrap_err().to_string();
        assert!(error.contains("unknown vendor \"stripe\""), "{error}");
        let error = parse_args(&["--port", "65534"]).unwrap_err().to_string();
        assert!(error.contains("no room"), "{error}");
    }
}
