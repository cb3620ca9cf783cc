//! Starting each vendor's simulator on its place in the port layout.

use std::net::SocketAddr;

use paykit_clubready::testing::ClubReadySimulator;
use paykit_core::testing::{SimServer, Simulator};
use paykit_paritydeals::testing::{DEFAULT_API_KEY, ParityDealsSimulator};
use paykit_pax8::testing::Pax8Simulator;
use paykit_spreedly::testing::SpreedlySimulator;
use paykit_wallet::testing::WalletSimulator;

use crate::cli::Options;

/// A vendor paykit-sim can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Vendor {
    /// The wallet service.
    Wallet,
    /// ParityDeals (two servers: API and edge).
    ParityDeals,
    /// Pax8 (the token endpoint on the same server).
    Pax8,
    /// Spreedly Subscriptions (XML).
    Spreedly,
    /// ClubReady (JSV).
    ClubReady,
}

impl Vendor {
    /// Every vendor, in the port layout's order.
    pub const ALL: [Vendor; 5] = [
        Vendor::Wallet,
        Vendor::ParityDeals,
        Vendor::Pax8,
        Vendor::Spreedly,
        Vendor::ClubReady,
    ];

    /// Ports the layout takes after the admin API's.
    pub const PORTS_USED: usize = 6;

    /// The name used on the command line, in seed files and in the admin API.
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Wallet => "wallet",
            Vendor::ParityDeals => "paritydeals",
            Vendor::Pax8 => "pax8",
            Vendor::Spreedly => "spreedly",
            Vendor::ClubReady => "clubready",
        }
    }

    /// The vendor of a name (any case).
    pub fn from_name(name: &str) -> Option<Vendor> {
        Vendor::ALL
            .into_iter()
            .find(|vendor| vendor.name().eq_ignore_ascii_case(name))
    }

    /// The vendor's first port, as an offset from the admin API's.
    fn offset(self) -> u16 {
        match self {
            Vendor::Wallet => 1,
            Vendor::ParityDeals => 2,
            Vendor::Pax8 => 4,
            Vendor::Spreedly => 5,
            Vendor::ClubReady => 6,
        }
    }
}

/// Starts the simulators the options name; `Err` says which address could not be bound.
pub async fn start(options: &Options) -> Result<Vec<Box<dyn Simulator>>, String> {
    let mut started: Vec<Box<dyn Simulator>> = Vec::new();
    for &vendor in &options.vendors {
        let port = |extra: u16| {
            if options.port == 0 {
                0
            } else {
                options.port + vendor.offset() + extra
            }
        };
        let address = |extra| SocketAddr::new(options.bind, port(extra));
        let simulator: Box<dyn Simulator> = match vendor {
            Vendor::Wallet => {
                Box::new(WalletSimulator::start_on(listen(vendor, address(0)).await?).await)
            }
            Vendor::ParityDeals => {
                let api = listen(vendor, address(0)).await?;
                let edge = bind(
                    vendor,
                    address(1),
                    SimServer::builder().faults(api.faults().clone()),
                )
                .await?;
                Box::new(ParityDealsSimulator::start_on(api, edge, DEFAULT_API_KEY).await)
            }
            Vendor::Pax8 => {
                Box::new(Pax8Simulator::start_on(listen(vendor, address(0)).await?).await)
            }
            Vendor::Spreedly => {
                Box::new(SpreedlySimulator::start_on(listen(vendor, address(0)).await?).await)
            }
            Vendor::ClubReady => {
                Box::new(ClubReadySimulator::start_on(listen(vendor, address(0)).await?).await)
            }
        };
        started.push(simulator);
    }
    Ok(started)
}

async fn listen(vendor: Vendor, address: SocketAddr) -> Result<SimServer, String> {
    bind(vendor, address, SimServer::builder()).await
}

async fn bind(
    vendor: Vendor,
    address: SocketAddr,
    builder: paykit_core::testing::SimServerBuilder,
) -> Result<SimServer, String> {
    builder
        .bind(address)
        .try_start()
        .await
        .map_err(|error| format!("{}: cannot listen on {address}: {error}", vendor.name()))
}
