//! The authority configuration file: every way it can be wrong has its own error
//! (../shared/vendors/wallet.md §2.1); `from_env` reads it from `PAYKIT_WALLET_CONFIG`.

mod common;

use std::io::Write;

use paykit_wallet::{AuthorityConfig, Client, ConfigError, Error};
use serde_json::{Value, json};

fn write(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file
}

fn config_error(text: &str) -> ConfigError {
    match Client::from_config_file(write(text).path()) {
        Err(Error::Config(e)) => e,
        other => panic!("expected a config error, got {other:?}"),
    }
}

fn with(field: &str, value: Value) -> String {
    let mut config: Value =
        serde_json::from_str(&common::fixture("authority_config.json")).unwrap();
    config[field] = value;
    config.to_string()
}

#[test]
fn the_fixture_files_load_with_pkcs8_and_sec1_keys() {
    for name in ["authority_config.json", "authority_config_sec1.json"] {
        let file = write(&common::fixture(name));
        let client = Client::from_config_file(file.path()).unwrap();
        assert_eq!(client.authority_id(), "5f1e6b2c9d3a4e0012ab34cd");
    }
}

#[test]
fn a_missing_file_says_so() {
    let err = match Client::from_config_file("/nonexistent/authority.json") {
        Err(Error::Config(e)) => e,
        other => panic!("{other:?}"),
    };
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("/nonexistent/authority.json"));
}

#[test]
fn bad_json_missing_fields_and_versions_are_typed() {
    assert!(matches!(config_error("{not json"), ConfigError::Json(_)));
    for field in [
        "config_schema_version",
        "api_base_url",
        "authority_id",
        "private_key",
    ] {
        let mut config: Value =
            serde_json::from_str(&common::fixture("authority_config.json")).unwrap();
        config.as_object_mut().unwrap().remove(field);
        match config_error(&config.to_string()) {
            ConfigError::MissingField { field: f } => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
        // Present but not a string.
        assert!(matches!(
            config_error(&with(field, json!(5))),
            ConfigError::MissingField { .. }
        ));
    }
    for version in ["1.0.0", "0.0.9", "zero", "0.1", ""] {
        match config_error(&with("config_schema_version", json!(version))) {
            ConfigError::SchemaVersion { found } => assert_eq!(found, version),
            other => panic!("{version}: {other:?}"),
        }
    }
    // Later 0.x minors are accepted.
    assert!(AuthorityConfig::from_json(&with("config_schema_version", json!("0.3.7"))).is_ok());
    assert!(matches!(
        config_error(&with("api_base_url", json!("not a url"))),
        ConfigError::BaseUrl { .. }
    ));
}

#[test]
fn a_bad_key_is_an_error_that_does_not_quote_the_key() {
    let fake = "-----BEGIN PRIVATE KEY-----\nTk9UQUtFWVNFQ1JFVA==\n-----END PRIVATE KEY-----\n";
    let err = config_error(&with("private_key", json!(fake)));
    assert!(matches!(err, ConfigError::Key), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("Tk9UQUtFWVNFQ1JFVA"));
    assert!(matches!(
        config_error(&with("private_key", json!("hello"))),
        ConfigError::Key
    ));
}

#[test]
fn debug_output_never_contains_the_key_or_the_token() {
    let text = common::fixture("authority_config.json");
    let config = AuthorityConfig::from_json(&text).unwrap();
    let key_line = text.lines().find(|l| l.contains("private_key")).unwrap();
    let key_body = &key_line[key_line.find("KEY-----\\n").unwrap() + 10..][..40];
    let builder = config.client_builder();
    let shown_builder = format!("{builder:?}");
    let built = builder.build().unwrap();
    for shown in [format!("{config:?}"), format!("{built:?}"), shown_builder] {
        assert!(!shown.contains(key_body), "{shown}");
        assert!(!shown.contains("eyJ"), "the JWT leaked: {shown}");
    }
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let file = write(&with("api_base_url", json!("http://wallet.example.com")));
    let err = Client::from_config_file(file.path()).unwrap_err();
    assert!(
        matches!(&err, Error::Core(paykit_core::Error::InvalidConfig { message }) if message.contains("plain http")),
        "{err:?}"
    );
}

#[test]
fn from_env_needs_the_variable() {
    if std::env::var_os("PAYKIT_WALLET_CONFIG").is_some() {
        return; // set by the parent process of the next test
    }
    let err = Client::from_env().unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "PAYKIT_WALLET_CONFIG",
                ..
            }
        ),
        "{err:?}"
    );
}

/// Runs itself again in a child process with the variable set (tests may not change their
/// own environment: that needs `unsafe`).
#[test]
fn from_env_reads_the_file_the_variable_names() {
    const CHILD: &str = "PAYKIT_WALLET_TEST_CHILD";
    if std::env::var_os(CHILD).is_some() {
        let client = Client::from_env().unwrap();
        assert_eq!(client.authority_id(), "5f1e6b2c9d3a4e0012ab34cd");
        assert_eq!(client.base_url(), "http://127.0.0.1:8000/api/v1");
        return;
    }
    let file = write(&common::fixture("authority_config.json"));
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "from_env_reads_the_file_the_variable_names",
            "--test-threads=1",
        ])
        .env("PAYKIT_WALLET_CONFIG", file.path())
        .env(CHILD, "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("1 passed"), "{text}");
}
