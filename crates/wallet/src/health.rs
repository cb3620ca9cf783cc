//! Health and version compatibility.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::parse_version;
use crate::error::Error;
use paykit_core::Request;

use crate::client::Client;

/// The API version this client speaks: 1.x with x >= 1 (`COMPATIBLE_API_VERSION` in the
/// reference SDK).
pub const COMPATIBLE_API_VERSION: (u64, u64) = (1, 1);

/// What `GET /api/v1/health` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Health {
    /// `true` when the service is up; a string explaining why when it is switched off.
    pub ok: Value,
    /// The service's API version, e.g. `1.1.0`.
    pub version: String,
}

impl Health {
    /// Checks the answer as the reference SDK does: `ok` is literally `true` and the version
    /// is semver with major 1 and minor >= 1.
    pub fn ensure_compatible(&self) -> Result<(), Error> {
        let refuse = |reason: &str| Error::IncompatibleService {
            version: self.version.clone(),
            ok: self.ok.clone(),
            reason: reason.to_owned(),
        };
        match parse_version(&self.version) {
            Some((major, minor))
                if major == COMPATIBLE_API_VERSION.0 && minor >= COMPATIBLE_API_VERSION.1 => {}
            Some(_) => return Err(refuse("incompatible API version (need 1.x with x >= 1)")),
            None => return Err(refuse("the version is not semver")),
        }
        if self.ok != Value::Bool(true) {
            return Err(refuse("the service reports itself not ok"));
        }
        Ok(())
    }
}

impl Client {
    /// The service's health (`GET /api/v1/health`), checked as the service's SDK checks it:
    /// `ok` is `true` and the version is 1.x with x >= 1, else
    /// [`Error::IncompatibleService`]. A success counts as the check done before the first
    /// call.
    pub async fn get_health(&self) -> Result<Health, Error> {
        let health: Health = self
            .send(Request::get("wallet.get_health", "/health"))
            .await?;
        health.ensure_compatible()?;
        if let Some(cell) = &self.health {
            // Already set by a concurrent check: either answer is as good.
            let _ = cell.set(health.clone());
        }
        Ok(health)
    }

    /// Checks health once per client (its clones share the result); failures are retried
    /// by the next call.
    pub(crate) async fn ready(&self) -> Result<(), Error> {
        if let Some(cell) = &self.health
            && !cell.initialized()
        {
            cell.get_or_try_init(|| async {
                let health: Health = self
                    .send(Request::get("wallet.get_health", "/health"))
                    .await?;
                health.ensure_compatible()?;
                Ok::<_, Error>(health)
            })
            .await?;
        }
        Ok(())
    }
}
