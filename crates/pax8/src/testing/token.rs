//! The token endpoint: client credentials in JSON (snake or camel case) or a
//! form, a token with `expires_in`, 400 for a malformed request, 401 for bad credentials.

use paykit_core::testing::wiremock::Request;
use serde_json::{Value, json};

use super::routes::Reply;
use super::state::State;

/// `POST /v1/token` or `POST /oauth/token`.
pub(super) fn token(request: &Request, state: &mut State) -> Reply {
    state.token_requests += 1;
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let fields: Value = if content_type.starts_with("application/x-www-form-urlencoded") {
        let pairs = paykit_core::url::form_urlencoded::parse(&request.body);
        Value::Object(pairs.map(|(k, v)| (k.into_owned(), json!(v))).collect())
    } else {
        match serde_json::from_slice(&request.body) {
            Ok(value @ Value::Object(_)) => value,
            _ => return bad_request("the body is not a JSON object"),
        }
    };
    let field = |snake: &str, camel: &str| {
        fields
            .get(snake)
            .or_else(|| fields.get(camel))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (Some(id), Some(secret), Some(_audience), Some(grant)) = (
        field("client_id", "clientId"),
        field("client_secret", "clientSecret"),
        field("audience", "audience"),
        field("grant_type", "grantType"),
    ) else {
        return bad_request("client_id, client_secret, audience and grant_type are required");
    };
    if grant != "client_credentials" {
        return bad_request("unsupported grant_type");
    }
    if state.credentials.get(&id) != Some(&secret) {
        // IMP's documented 401 body (pax8.md §1.1).
        return (
            401,
            json!({"error": "access_denied", "error_description": "Unauthorized"}),
            None,
        );
    }
    let (token, expires_in) = state.issue_token();
    (
        200,
        json!({
            "access_token": token,
            "expires_in": expires_in,
            "token_type": "Bearer",
            "scope": "",
        }),
        None,
    )
}

fn bad_request(message: &str) -> Reply {
    (
        400,
        json!({"error": "invalid_request", "error_description": message}),
        None,
    )
}
