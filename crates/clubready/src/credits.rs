//! Class credits: what a user bought and has left.

use paykit_core::reqwest::Method;
use serde::Deserialize;

use crate::error::Error;
use crate::{Client, wire};

/// A user's credits.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CreditDetail {
    /// Credits bought.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub total_purchased: Option<i64>,
    /// Credits left.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub total_available: Option<i64>,
    /// Per service or class.
    #[serde(default)]
    pub credits: Vec<Credit>,
}

/// Credits for one service or class.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Credit {
    /// The service.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub service_id: Option<u64>,
    /// The session size.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub session_size_id: Option<u64>,
    /// The class.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub class_id: Option<u64>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Bought.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub total: Option<i64>,
    /// Left.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub available: Option<i64>,
    /// The club.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub store_id: Option<u64>,
}

impl Client {
    /// A user's credits: `GET /scheduling/{UserId}/credit-detail?FullDetail=true`.
    pub async fn get_credit_detail(&self, user_id: u64) -> Result<CreditDetail, Error> {
        let request = self
            .request(
                "clubready.get_credit_detail",
                Method::GET,
                "/scheduling/{}/credit-detail",
            )
            .arg(user_id.to_string())
            .query("FullDetail", "true");
        self.send(request).await
    }
}
