//! The simulator's users and prospects: create (with the duplicate answer), find in pages,
//! read, update, list, the login lookup, username checks and check-in.

use serde_json::{Value, json};

use super::STORE_ID;
use super::routes::{Call, Reply, declined, ok, status};
use super::state::{SimUser, State};
use crate::UserSummary;

/// Users per page of `users/find` when the call gives no `limit`.
const PAGE_SIZE: usize = 10;

pub(super) fn summary(u: &SimUser) -> UserSummary {
    UserSummary {
        user_id: u.user_id,
        first_name: Some(u.first_name.clone()),
        last_name: Some(u.last_name.clone()),
        email: Some(u.email.clone()),
        phone: u.phone.clone(),
        cell_phone: None,
        barcode: Some(u.barcode.clone()),
        primary_store_id: Some(STORE_ID),
    }
}

fn user_json(u: &SimUser) -> Value {
    json!({
        "UserId": u.user_id, "FirstName": u.first_name, "LastName": u.last_name,
        "Email": u.email, "Phone": u.phone.clone().unwrap_or_default(), "Barcode": u.barcode,
        "primary_store_id": STORE_ID,
    })
}

pub(super) fn handle(op: &'static str, call: &Call, state: &mut State) -> Reply {
    let p = &call.p;
    match op {
        "clubready.create_prospect" => {
            let Some(email) = p.text("Email") else {
                return status(400, "ArgumentException", "Email is required");
            };
            if let Some(u) = state
                .users
                .iter()
                .find(|u| u.email.eq_ignore_ascii_case(&email))
            {
                // The casing one public client reports for this answer.
                return ok(json!({"success": false, "userId": u.user_id,
                    "message": "A user with this email already exists"}));
            }
            let user_id = state.id();
            state.users.push(SimUser {
                user_id,
                first_name: p.text("FirstName").unwrap_or_default(),
                last_name: p.text("LastName").unwrap_or_default(),
                email,
                phone: p.text("Phone"),
                barcode: format!("B{user_id}"),
                username: p.text("Username"),
                password: None,
                member: false,
                credits: 0,
            });
            ok(json!({"UserId": user_id, "Success": true,
                "EmailSent": p.flag("SendEmail"), "PackageAdded": false}))
        }
        "clubready.find_users" => {
            let page = p.id("Page").unwrap_or(1).max(1) as usize;
            let size = p
                .id("limit")
                .map_or(PAGE_SIZE, |l| (l as usize).clamp(1, 100));
            let email = p.text("Email");
            let barcode = p.text("Barcode");
            let phone = p.text("Phone");
            let users: Vec<Value> = state
                .users
                .iter()
                .filter(|u| {
                    email
                        .as_ref()
                        .is_none_or(|e| u.email.eq_ignore_ascii_case(e))
                })
                .filter(|u| barcode.as_ref().is_none_or(|b| &u.barcode == b))
                .filter(|u| phone.is_none() || u.phone == phone)
                .skip((page - 1) * size)
                .take(size)
                .map(user_json)
                .collect();
            ok(json!({ "users": users }))
        }
        "clubready.find_user_by_login" => {
            let name = p.text("UserName").unwrap_or_default();
            let password = p.text("Password").unwrap_or_default();
            match state
                .users
                .iter()
                .find(|u| u.username.as_deref() == Some(name.as_str()))
            {
                Some(u) if u.password.as_deref() == Some(password.as_str()) => ok(json!({
                    "UserId": u.user_id, "HomeStoreId": STORE_ID, "Success": true,
                    "AuthenticationResult": "Success"})),
                Some(u) => ok(json!({"UserId": u.user_id, "Success": false,
                    "AuthenticationResult": "InvalidPassword", "Message": "Invalid password"})),
                None => ok(
                    json!({"Success": false, "AuthenticationResult": "InvalidPassword",
                    "Message": "Invalid username or password"}),
                ),
            }
        }
        "clubready.list_users" | "clubready.list_users_added" => Reply::Data(
            200,
            Value::Array(state.users.iter().map(user_json).collect()),
        ),
        "clubready.check_username" => {
            let name = p.text("Username").unwrap_or_default();
            let taken = state
                .users
                .iter()
                .any(|u| u.username.as_deref() == Some(name.as_str()));
            if name.len() < 4 {
                ok(json!({"Valid": false, "StatusCode": 2, "Message": "Too short"}))
            } else if taken {
                ok(json!({"Valid": false, "StatusCode": 1, "Message": "Username taken"}))
            } else {
                ok(json!({"Valid": true, "StatusCode": 0}))
            }
        }
        "clubready.check_in" => {
            let barcode = p.text("Barcode").unwrap_or_default();
            if state.users.iter().any(|u| u.barcode == barcode) {
                ok(json!({"Success": true, "Message": "Checked in"}))
            } else {
                declined("Barcode not found")
            }
        }
        "clubready.get_user" | "clubready.update_user" => {
            let Some(u) = call.seg_id(1).and_then(|id| state.user_mut(id)) else {
                return status(404, "NotFound", "User not found");
            };
            if op == "clubready.update_user" {
                for (field, value) in [
                    ("FirstName", &mut u.first_name),
                    ("LastName", &mut u.last_name),
                    ("Email", &mut u.email),
                ] {
                    if let Some(v) = p.text(field) {
                        *value = v;
                    }
                }
                if let Some(v) = p.text("Username") {
                    u.username = Some(v);
                }
                return ok(json!({"Success": true}));
            }
            let mut user = json!({"UserId": u.user_id, "FirstName": u.first_name,
                "LastName": u.last_name, "Email": u.email, "Barcode": u.barcode,
                "Member": u.member, "Prospect": !u.member, "PastDueAmount": "0.00",
                "HasPastDue": false});
            if let Some(name) = &u.username {
                user["UserName"] = json!(name);
            }
            ok(user)
        }
        _ => status(404, "NotFound", "No such operation"),
    }
}
