//! The HTTP surface: authentication, the operation name of each request (what faults are
//! scoped by), and the routes to the handlers.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use paykit_core::testing::wiremock::{Request, Respond, ResponseTemplate};
use paykit_core::testing::{Faults, lock};

use super::shapes::{doc, list, plan_xml, subscriber_xml, transaction_xml};
use super::state::{PAGE, State, now};
use super::{API_TOKEN, SITE, billing, invoices, subscribers};
use crate::models::Subscriber;
use crate::xml::{Element, escape, parse};

/// A status, a content type and a body, plus an optional `Location`.
pub(super) struct Reply {
    pub(super) status: u16,
    xml: bool,
    body: String,
    pub(super) location: Option<String>,
}

pub(super) fn xml(status: u16, body: String) -> Reply {
    Reply {
        status,
        xml: true,
        body,
        location: None,
    }
}

pub(super) fn text(status: u16, body: impl Into<String>) -> Reply {
    Reply {
        status,
        xml: false,
        body: body.into(),
        location: None,
    }
}

pub(super) fn errors(status: u16, messages: &[&str]) -> Reply {
    let mut body = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n");
    for m in messages {
        let _ = writeln!(body, "  <error>{}</error>", escape(m));
    }
    body.push_str("</errors>\n");
    xml(status, body)
}

pub(super) struct Responder {
    pub(super) state: Arc<Mutex<State>>,
    pub(super) faults: Faults,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let segments = segments(request);
        let op = operation(request.method.as_str(), &segments);
        self.faults.respond(op, || {
            let reply = {
                let mut state = lock(&self.state);
                route(request, &segments, &mut state)
            };
            let mut template = ResponseTemplate::new(reply.status).set_body_raw(
                reply.body.into_bytes(),
                if reply.xml {
                    "application/xml; charset=utf-8"
                } else {
                    "text/plain; charset=utf-8"
                },
            );
            if let Some(location) = reply.location {
                template = template.insert_header("location", location.as_str());
            }
            template
        })
    }
}

/// The path below `/api/v4/{site}`, split, `.xml` removed from the last part, each part
/// percent-decoded.
fn segments(request: &Request) -> Vec<String> {
    let path = request.url.path();
    let rest = path
        .strip_prefix(&format!("/api/v4/{SITE}"))
        .unwrap_or("/unknown");
    let rest = rest.strip_suffix(".xml").unwrap_or(rest);
    rest.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            paykit_core::url::form_urlencoded::parse(
                format!("x={}", s.replace('+', "%2B")).as_bytes(),
            )
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
        })
        .collect()
}

/// The client's operation name for a request (what [`Fault::on`] scopes by).
fn operation(method: &str, segments: &[String]) -> &'static str {
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (method, s.as_slice()) {
        ("GET", ["subscription_plans"]) => "spreedly.list_plans",
        ("GET", ["subscribers"]) => "spreedly.list_subscribers",
        ("POST", ["subscribers"]) => "spreedly.create_subscriber",
        ("DELETE", ["subscribers"]) => "spreedly.delete_all_subscribers",
        ("GET", ["subscribers", _]) => "spreedly.get_subscriber",
        ("PUT", ["subscribers", _]) => "spreedly.update_subscriber",
        ("DELETE", ["subscribers", _]) => "spreedly.delete_subscriber",
        ("PUT", ["subscribers", _, "change_subscription_plan"]) => "spreedly.change_plan",
        ("POST", ["subscribers", _, "complimentary_subscriptions"]) => {
            "spreedly.create_complimentary_subscription"
        }
        (
            "POST",
            [
                "subscribers",
                _,
                "complimentary_time_extensions" | "complimentary_time_extension",
            ],
        ) => "spreedly.create_complimentary_time_extension",
        ("POST", ["subscribers", _, "lifetime_complimentary_subscriptions"]) => {
            "spreedly.create_lifetime_complimentary_subscription"
        }
        ("POST", ["subscribers", _, "credits"]) => "spreedly.add_store_credit",
        ("POST", ["subscribers", _, "fees"]) => "spreedly.add_fee",
        ("POST", ["subscribers", _, "stop_auto_renew"]) => "spreedly.stop_auto_renew",
        ("POST", ["subscribers", _, "subscribe_to_free_trial"]) => {
            "spreedly.subscribe_to_free_trial"
        }
        ("POST", ["subscribers", _, "allow_free_trial"]) => "spreedly.allow_free_trial",
        ("POST", ["invoices"]) => "spreedly.create_invoice",
        ("PUT", ["invoices", _, "pay"]) => "spreedly.pay_invoice",
        ("GET", ["transactions"]) => "spreedly.list_transactions",
        _ => "spreedly.unknown",
    }
}

fn authorized(request: &Request) -> bool {
    use base64ct::Encoding as _;
    let Some(value) = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some(encoded) = value.strip_prefix("Basic ") else {
        return false;
    };
    let Ok(decoded) = base64ct::Base64::decode_vec(encoded.trim()) else {
        return false;
    };
    let decoded = String::from_utf8_lossy(&decoded);
    decoded.split_once(':').map(|(user, _)| user) == Some(API_TOKEN)
}

pub(super) fn body(request: &Request) -> Option<Element> {
    parse(&request.body).ok()
}

pub(super) fn child<'a>(el: &'a Element, name: &str) -> Option<&'a Element> {
    el.children.iter().find(|c| c.name == name)
}

pub(super) fn field(el: &Element, name: &str) -> Option<String> {
    child(el, name)
        .filter(|c| !c.nil)
        .map(|c| c.text.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn route(request: &Request, segments: &[String], state: &mut State) -> Reply {
    if !authorized(request) {
        return text(401, "HTTP Basic: Access denied.\n");
    }
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = request.method.as_str();
    match (method, s.as_slice()) {
        ("GET", ["subscription_plans"]) => xml(
            200,
            list("subscription-plans", state.plans.iter().map(plan_xml)),
        ),
        ("GET", ["subscribers"]) => xml(
            200,
            list(
                "subscribers",
                state.subscribers.iter().map(|s| subscriber_xml(s, false)),
            ),
        ),
        ("DELETE", ["subscribers"]) => {
            state.subscribers.clear();
            text(200, "")
        }
        ("POST", ["subscribers"]) => subscribers::create(request, state),
        ("GET", ["subscribers", cid]) => match state.subscriber(cid) {
            Some(s) => xml(200, doc(&subscriber_xml(&state.subscriber_answer(s), true))),
            None => no_subscriber(cid),
        },
        ("PUT", ["subscribers", cid]) => subscribers::update(request, state, cid),
        ("DELETE", ["subscribers", cid]) => {
            let before = state.subscribers.len();
            state.subscribers.retain(|s| s.customer_id != *cid);
            if state.subscribers.len() == before {
                no_subscriber(cid)
            } else {
                text(200, "")
            }
        }
        ("PUT", ["subscribers", cid, "change_subscription_plan"]) => {
            subscribers::change_plan(request, state, cid)
        }
        ("POST", ["subscribers", cid, action]) => match *action {
            "subscribe_to_free_trial" => subscribers::free_trial(request, state, cid),
            "allow_free_trial" => subscribers::allow_free_trial(state, cid),
            "stop_auto_renew" => subscribers::stop_auto_renew(state, cid),
            "complimentary_subscriptions" => billing::complimentary(request, state, cid),
            "complimentary_time_extensions" | "complimentary_time_extension" => {
                billing::time_extension(request, state, cid)
            }
            "lifetime_complimentary_subscriptions" => billing::lifetime(request, state, cid),
            "credits" => billing::credit(request, state, cid),
            "fees" => billing::fee(request, state, cid),
            _ => text(404, "Not found\n"),
        },
        ("POST", ["invoices"]) => invoices::create(request, state),
        ("PUT", ["invoices", token, "pay"]) => invoices::pay(request, state, token),
        ("GET", ["transactions"]) => {
            let since = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "since_id")
                .and_then(|(_, v)| v.parse::<u64>().ok())
                .unwrap_or(0);
            let items: Vec<String> = state
                .transactions
                .iter()
                .filter(|t| t.id > since)
                .take(PAGE)
                .map(transaction_xml)
                .collect();
            xml(200, list("transactions", items.into_iter()))
        }
        _ => text(404, "Not found\n"),
    }
}

pub(super) fn no_subscriber(cid: &str) -> Reply {
    text(
        404,
        format!("There is no subscriber with a customer id of {cid}"),
    )
}

/// Changes the subscriber `cid` with `change` and answers `status` with the subscriber as a
/// single read shows it. `change` refuses by returning the answer to give instead; it must
/// refuse before it changes anything.
pub(super) fn change_subscriber(
    state: &mut State,
    cid: &str,
    status: u16,
    change: impl FnOnce(&mut Subscriber) -> Result<(), Reply>,
) -> Reply {
    let Some(s) = state.subscribers.iter_mut().find(|s| s.customer_id == cid) else {
        return no_subscriber(cid);
    };
    if let Err(refusal) = change(s) {
        return refusal;
    }
    s.updated_at = Some(now());
    let changed = s.clone();
    let answer = state.subscriber_answer(&changed);
    xml(status, doc(&subscriber_xml(&answer, true)))
}
