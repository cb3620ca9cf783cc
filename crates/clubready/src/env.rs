//! A client from the environment (`PAYKIT_CLUBREADY_*`).

use crate::client::{Client, ClientBuilder};
use crate::error::Error;

impl Client {
    /// A client from the environment:
    ///
    /// | variable | |
    /// |---|---|
    /// | `PAYKIT_CLUBREADY_API_KEY` | required: the API key |
    /// | `PAYKIT_CLUBREADY_STORE_ID` | the club (one of this and the next is required) |
    /// | `PAYKIT_CLUBREADY_CHAIN_ID` | the chain, when no store is set |
    /// | `PAYKIT_CLUBREADY_BASE_URL` | optional: see [`ClientBuilder::base_url`] |
    ///
    /// A missing key or scope, or an id that is not a number, is [`Error::InvalidInput`]
    /// naming the variable.
    pub fn from_env() -> Result<Client, Error> {
        Self::builder_from_env(|name| std::env::var(name).ok())?.build()
    }

    pub(crate) fn builder_from_env(
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ClientBuilder, Error> {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let key = set("PAYKIT_CLUBREADY_API_KEY")
            .ok_or_else(|| Error::invalid("PAYKIT_CLUBREADY_API_KEY", "is not set"))?;
        let id = |name: &'static str| -> Result<Option<u64>, Error> {
            set(name)
                .map(|v| {
                    v.trim()
                        .parse::<u64>()
                        .map_err(|_| Error::invalid(name, "is not a number"))
                })
                .transpose()
        };
        let mut builder = Client::builder(key);
        builder = match (
            id("PAYKIT_CLUBREADY_STORE_ID")?,
            id("PAYKIT_CLUBREADY_CHAIN_ID")?,
        ) {
            (Some(store), _) => builder.store_id(store),
            (None, Some(chain)) => builder.chain_id(chain),
            (None, None) => {
                return Err(Error::invalid(
                    "PAYKIT_CLUBREADY_STORE_ID",
                    "is not set (nor PAYKIT_CLUBREADY_CHAIN_ID)",
                ));
            }
        };
        if let Some(url) = set("PAYKIT_CLUBREADY_BASE_URL") {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::DEFAULT_BASE_URL;
    use crate::options::Scope;

    fn from(vars: &[(&str, &str)]) -> Result<Client, Error> {
        Client::builder_from_env(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })?
        .build()
    }

    #[test]
    fn from_env_reads_the_documented_variables() {
        let err = from(&[]).unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "PAYKIT_CLUBREADY_API_KEY",
                ..
            }
        ));
        let err = from(&[("PAYKIT_CLUBREADY_API_KEY", "k")]).unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "PAYKIT_CLUBREADY_STORE_ID",
                ..
            }
        ));
        let err = from(&[
            ("PAYKIT_CLUBREADY_API_KEY", "k"),
            ("PAYKIT_CLUBREADY_CHAIN_ID", "x"),
        ])
        .unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "PAYKIT_CLUBREADY_CHAIN_ID",
                ..
            }
        ));
        let client = from(&[
            ("PAYKIT_CLUBREADY_API_KEY", "k"),
            ("PAYKIT_CLUBREADY_CHAIN_ID", "7"),
            (
                "PAYKIT_CLUBREADY_BASE_URL",
                "http://127.0.0.1:9/api/current/",
            ),
        ])
        .unwrap();
        assert_eq!(client.scope(), Scope::Chain(7));
        assert_eq!(client.base_url(), "http://127.0.0.1:9/api/current");
        let client = from(&[
            ("PAYKIT_CLUBREADY_API_KEY", "k"),
            ("PAYKIT_CLUBREADY_STORE_ID", "12"),
            ("PAYKIT_CLUBREADY_CHAIN_ID", "7"),
        ])
        .unwrap();
        assert_eq!(client.scope(), Scope::Store(12));
        assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    }
}
