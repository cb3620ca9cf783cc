//! Health and version compatibility.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::parse_version;
use crate::error::Error;

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
