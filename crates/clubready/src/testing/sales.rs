//! The simulator's sales and club: packages and installments, eligibility, agreements and
//! their sale split across payment methods, payment profile imports, wallet tokens, the
//! chain's stores, staff and guest passes.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::routes::{Call, Params, Reply, declined, ok, status};
use super::state::{SimAgreement, SimGuestPass, SimProfile, SimSale, SimUser, State};
use super::{CHAIN_ID, RecordedSale};
use crate::wire;

fn money(d: Decimal) -> Value {
    Value::String(d.to_string())
}

pub(super) fn handle(op: &'static str, call: &Call, state: &mut State) -> Reply {
    let p = &call.p;
    let forwarded = call.forwarded;
    match op {
        "clubready.list_packages" => Reply::Data(
            200,
            Value::Array(
                state
                    .packages
                    .iter()
                    .map(|pk| {
                        json!({"Id": pk.id, "Name": pk.name, "Price": money(pk.price),
                        "ContractId": pk.contract_id(), "IsAutomRenew": false})
                    })
                    .collect(),
            ),
        ),
        "clubready.list_installments" | "clubready.calculate_installment" => {
            let id = call.seg_id(2);
            let Some(pk) = state.packages.iter().find(|pk| Some(pk.id) == id) else {
                return status(404, "NotFound", "Package not found");
            };
            if op == "clubready.calculate_installment" {
                return ok(json!({"SubTotal": money(pk.price),
                    "Payments": [{"PayToday": true, "Amount": money(pk.price)}]}));
            }
            Reply::Data(
                200,
                json!([{"Id": pk.installment_id(), "ForOnlineSale": true, "PaymentCount": 1,
                    "DuePerPayment": pk.price.to_string(), "Fees": []}]),
            )
        }
        "clubready.get_package_eligibility" => {
            let id = p.id("PackageId");
            if state.packages.iter().any(|pk| Some(pk.id) == id) {
                ok(json!({"Success": true}))
            } else {
                declined("Package is not available to this member")
            }
        }
        "clubready.add_agreement" | "clubready.add_agreement_new_user" => {
            if !forwarded {
                return status(400, "ArgumentException", "X-Forwarded-For is required");
            }
            let package = p.id("PackageId");
            let Some(pk) = state
                .packages
                .iter()
                .find(|pk| Some(pk.id) == package)
                .cloned()
            else {
                return ok(json!({"success": false, "message": "Package not found"}));
            };
            let member = if op == "clubready.add_agreement" {
                match p.id("MemberId") {
                    Some(m) if state.users.iter().any(|u| u.user_id == m) => m,
                    _ => return ok(json!({"success": false, "message": "Member not found"})),
                }
            } else {
                let user_id = state.id();
                state.users.push(SimUser {
                    user_id,
                    first_name: p.text("FirstName").unwrap_or_default(),
                    last_name: p.text("LastName").unwrap_or_default(),
                    email: p.text("Email").unwrap_or_default(),
                    phone: p.text("Phone"),
                    barcode: format!("B{user_id}"),
                    username: None,
                    password: None,
                    member: false,
                    credits: 0,
                });
                user_id
            };
            let token = format!("IAT-{}", state.id());
            let contract = pk.contract_id();
            state.agreements.insert(
                token.clone(),
                SimAgreement {
                    member_id: member,
                    package_id: pk.id,
                    contract_id: contract,
                },
            );
            ok(
                json!({"incompleteAgreementToken": token, "contractId": contract,
                "userId": member, "success": true}),
            )
        }
        "clubready.get_agreement_contract" => {
            let token = p.text("IncompleteAgreementToken").unwrap_or_default();
            match state.agreements.get(&token) {
                Some(a) => ok(json!({"success": true, "incompleteAgreementToken": token,
                    "contractHtml": format!("<p>Agreement for package {}</p>", a.package_id)})),
                None => ok(json!({"success": false, "message": "Unknown agreement token"})),
            }
        }
        "clubready.create_agreement_sale" => sale(p, forwarded, state),
        "clubready.import_payment_profile" => {
            let Some(token) = p.text("ProfileToken") else {
                return status(400, "ArgumentException", "ProfileToken is required");
            };
            if state.profiles.iter().any(|pr| pr.profile_token == token) {
                return declined("Profile token already used");
            }
            state.profiles.push(SimProfile {
                profile_token: token,
                acct_token: p.text("AcctToken"),
                new_owner_id: p.id("NewOwnerId"),
            });
            ok(json!({"Success": true, "Message": "Imported"}))
        }
        "clubready.create_wallet_token" => {
            let token = format!("WT-{}", state.id());
            ok(json!({"success": true, "walletToken": token,
                "walletUrl": format!("https://wallet.example/{token}")}))
        }
        "clubready.list_stores" => {
            let mut stores: Vec<Value> = Vec::new();
            if call.seg_id(1) == Some(CHAIN_ID) {
                stores.extend(
                    state
                        .stores
                        .iter()
                        .map(|s| json!({"StoreId": s.store_id, "Name": s.name})),
                );
            }
            Reply::Data(200, Value::Array(stores))
        }
        "clubready.list_staff" => Reply::Data(
            200,
            state
                .staff
                .iter()
                .map(|s| {
                    json!({"UserId": s.user_id, "FirstName": s.first_name,
                        "LastName": s.last_name, "StaffTypeId": s.staff_type_id})
                })
                .collect(),
        ),
        "clubready.list_staff_types" => Reply::Data(
            200,
            state
                .staff_types
                .iter()
                .map(|t| json!({"Id": t.id, "Title": t.title}))
                .collect(),
        ),
        "clubready.create_guest_pass" => {
            let (Some(user), Some(kind)) = (p.id("UserId"), p.id("GuestPassTypeId")) else {
                return status(
                    400,
                    "ArgumentException",
                    "UserId and GuestPassTypeId are required",
                );
            };
            let date = |name: &str| p.text(name).and_then(|d| wire::parse_club_date(&d));
            let pass = SimGuestPass {
                guest_pass_id: state.id(),
                user_id: user,
                guest_pass_type_id: kind,
                activated: date("Activated"),
                expires: date("Expires"),
            };
            state.guest_passes.push(pass);
            ok(json!({"Success": true, "Message": "Guest pass created"}))
        }
        "clubready.list_guest_passes" => {
            let user = p.id("UserId");
            let passes: Vec<Value> = state
                .guest_passes
                .iter()
                .filter(|g| Some(g.user_id) == user)
                .map(|g| {
                    let mut pass = json!({"GuestPassId": g.guest_pass_id,
                        "GuestPassTypeId": g.guest_pass_type_id});
                    if let Some(d) = g.activated {
                        pass["Activated"] = json!(wire::iso_date(d));
                    }
                    if let Some(d) = g.expires {
                        pass["Expires"] = json!(wire::iso_date(d));
                    }
                    pass
                })
                .collect();
            ok(json!({"Success": true, "GuestPasses": passes}))
        }
        _ => status(404, "NotFound", "No such operation"),
    }
}

// A sale, the payment methods charged in order (the scenario 2: the first may
// approve only part of its amount, the next pays the rest).
fn sale(p: &Params, forwarded: bool, state: &mut State) -> Reply {
    if !forwarded {
        return status(400, "ArgumentException", "X-Forwarded-For is required");
    }
    let token = p.text("IncompleteAgreementToken").unwrap_or_default();
    let Some((member, contract)) = state
        .agreements
        .get(&token)
        .map(|a| (a.member_id, a.contract_id))
    else {
        return ok(json!({"success": false, "message": "Unknown agreement token"}));
    };
    let Some(total) = p.decimal("PaymentAmount") else {
        return status(400, "ArgumentException", "PaymentAmount is required");
    };
    let methods = match p.get("PaymentMethods") {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Object(one)) => vec![Value::Object(one.clone())],
        _ => vec![json!({"PaymentAmount": total.to_string(), "UsePreferred": "true"})],
    };
    let mut left = total;
    let mut payments = Vec::new();
    for method in &methods {
        let Value::Object(fields) = method else {
            continue;
        };
        let m = Params(fields.clone());
        let kinds = [
            m.flag("UsePreferred"),
            m.text("AcctToken").is_some(),
            m.text("ProfileToken").is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return status(
                400,
                "ArgumentException",
                "Each payment method needs exactly one of UsePreferred, AcctToken, ProfileToken",
            );
        }
        let cap = m.decimal("PaymentAmount").unwrap_or(left);
        let limit = m
            .text("AcctToken")
            .and_then(|t| state.token_limits.get(&t).copied())
            .unwrap_or(cap);
        let paid = cap.min(limit).min(left).max(Decimal::ZERO);
        left -= paid;
        payments.push(paid);
    }
    if left > Decimal::ZERO {
        return ok(json!({"success": false,
            "message": format!("Payment declined: {} of {} approved", total - left, total)}));
    }
    state.agreements.remove(&token);
    let sale_id = state.id();
    state.sales.push(SimSale {
        sale_id,
        sale: RecordedSale {
            member_id: member,
            contract_id: contract,
            amount: total,
            payments,
        },
    });
    if let Some(u) = state.user_mut(member) {
        u.member = true;
    }
    ok(json!({"success": true, "contractId": contract, "message": "Sale complete"}))
}
