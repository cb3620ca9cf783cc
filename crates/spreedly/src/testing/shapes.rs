//! The XML shapes the simulator answers with: Rails-typed elements, `nil="true"`,
//! `<nil-classes type="array"/>` for an empty list, and `in_grace_period` spelled with
//! underscores as some real answers do.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use time::OffsetDateTime;

use crate::models::{Invoice, Plan, Subscriber, Transaction};
use crate::xml::escape;

pub(super) fn doc(body: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n")
}

pub(super) fn list(name: &str, items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return doc("<nil-classes type=\"array\"/>");
    }
    doc(&format!(
        "<{name} type=\"array\">{}</{name}>",
        items.concat()
    ))
}

#[derive(Default)]
struct W(String);

impl W {
    fn s(&mut self, name: &str, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => {
                let _ = write!(self.0, "<{name}>{}</{name}>", escape(v));
            }
            None => {
                let _ = write!(self.0, "<{name} nil=\"true\"></{name}>");
            }
        }
        self
    }
    fn typed_s(&mut self, name: &str, v: Option<&str>) -> &mut Self {
        let _ = write!(
            self.0,
            "<{name} type=\"string\">{}</{name}>",
            escape(v.unwrap_or(""))
        );
        self
    }
    fn b(&mut self, name: &str, v: bool) -> &mut Self {
        let _ = write!(self.0, "<{name} type=\"boolean\">{v}</{name}>");
        self
    }
    fn i(&mut self, name: &str, v: Option<u64>) -> &mut Self {
        match v {
            Some(v) => {
                let _ = write!(self.0, "<{name} type=\"integer\">{v}</{name}>");
            }
            None => {
                let _ = write!(self.0, "<{name} type=\"integer\" nil=\"true\"></{name}>");
            }
        }
        self
    }
    fn d(&mut self, name: &str, v: Option<Decimal>) -> &mut Self {
        match v {
            Some(v) => {
                let _ = write!(self.0, "<{name} type=\"decimal\">{v}</{name}>");
            }
            None => {
                let _ = write!(self.0, "<{name} type=\"decimal\" nil=\"true\"></{name}>");
            }
        }
        self
    }
    fn t(&mut self, name: &str, v: Option<OffsetDateTime>) -> &mut Self {
        let text = v.and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
        match text {
            Some(text) => {
                let _ = write!(self.0, "<{name} type=\"datetime\">{text}</{name}>");
            }
            None => {
                let _ = write!(self.0, "<{name} type=\"datetime\" nil=\"true\"></{name}>");
            }
        }
        self
    }
    fn raw(&mut self, xml: &str) -> &mut Self {
        self.0.push_str(xml);
        self
    }
    fn wrap(&self, name: &str) -> String {
        format!("<{name}>{}</{name}>", self.0)
    }
}

pub(super) fn plan_xml(p: &Plan) -> String {
    let mut w = W::default();
    w.d("amount", p.amount)
        .b("charge-after-first-period", p.charge_after_first_period)
        .i(
            "charge-later-duration-quantity",
            p.charge_later_duration_quantity.map(u64::from),
        )
        .s(
            "charge-later-duration-units",
            p.charge_later_duration_units.as_ref().map(|u| u.as_str()),
        )
        .t("created-at", p.created_at)
        .s("currency-code", p.currency_code.as_deref())
        .s("description", p.description.as_deref())
        .i("duration-quantity", p.duration_quantity.map(u64::from))
        .s(
            "duration-units",
            p.duration_units.as_ref().map(|u| u.as_str()),
        )
        .b("enabled", p.enabled)
        .typed_s("feature-level", p.feature_level.as_deref())
        .b("force-recurring", p.force_recurring)
        .i("id", Some(p.id))
        .s("name", Some(&p.name))
        .b("needs-to-be-renewed", p.needs_to_be_renewed)
        .s("plan-type", p.plan_type.as_ref().map(|t| t.as_str()))
        .s("return-url", p.return_url.as_deref())
        .s("terms", p.terms.as_deref())
        .t("updated-at", p.updated_at)
        .d("price", p.price)
        .i("version", p.version);
    w.wrap("subscription-plan")
}

pub(super) fn subscriber_xml(s: &Subscriber, with_invoices: bool) -> String {
    let mut w = W::default();
    w.t("active-until", s.active_until)
        .s("billing-first-name", s.billing_first_name.as_deref())
        .s("billing-last-name", s.billing_last_name.as_deref())
        .b(
            "card-expires-before-next-auto-renew",
            s.card_expires_before_next_auto_renew,
        )
        .t("created-at", s.created_at)
        .s("customer-id", Some(&s.customer_id))
        .b("eligible-for-free-trial", s.eligible_for_free_trial)
        .b("eligible-for-setup-fee", s.eligible_for_setup_fee)
        .s("email", s.email.as_deref())
        .b("lifetime-subscription", s.lifetime_subscription)
        .b("on-trial", s.on_trial)
        .b("on-gift", s.on_gift)
        .b("on-metered", s.on_metered)
        .b("ready-to-renew", s.ready_to_renew)
        .t("ready-to-renew-since", s.ready_to_renew_since)
        .b("recurring", s.recurring)
        .s("screen-name", s.screen_name.as_deref())
        .d("store-credit", s.store_credit)
        .s(
            "store-credit-currency-code",
            s.store_credit_currency_code.as_deref(),
        )
        .s("token", s.token.as_deref())
        .t("updated-at", s.updated_at)
        .t("grace-until", s.grace_until)
        // Some real answers spell this one with underscores, and send it empty.
        .raw(if s.in_grace_period {
            "<in_grace_period type=\"boolean\">true</in_grace_period>"
        } else {
            "<in_grace_period type=\"boolean\"></in_grace_period>"
        })
        .b("active", s.active)
        .typed_s("feature-level", s.feature_level.as_deref())
        .s(
            "subscription-plan-name",
            s.subscription_plan_name.as_deref(),
        )
        .b("payment-account-on-file", s.payment_account_on_file)
        .s(
            "payment-account-display",
            s.payment_account_display.as_deref(),
        );
    if with_invoices {
        if s.invoices.is_empty() {
            w.raw("<invoices type=\"array\"/>");
        } else {
            let inner: String = s.invoices.iter().map(invoice_xml).collect();
            w.raw(&format!("<invoices type=\"array\">{inner}</invoices>"));
        }
    }
    w.wrap("subscriber")
}

pub(super) fn invoice_xml(i: &Invoice) -> String {
    let mut w = W::default();
    w.b("closed", i.closed)
        .t("created-at", i.created_at)
        .s("token", Some(&i.token))
        .t("updated-at", i.updated_at)
        .s("price", i.price.as_deref())
        .d("amount", i.amount)
        .s("currency-code", i.currency_code.as_deref())
        .s("response-message", i.response_message.as_deref());
    if let Some(s) = &i.subscriber {
        w.raw(&subscriber_xml(s, false));
    }
    if i.line_items.is_empty() {
        w.raw("<line-items type=\"array\"/>");
    } else {
        let mut lines = String::from("<line-items type=\"array\">");
        for l in &i.line_items {
            let mut lw = W::default();
            lw.d("amount", l.amount)
                .s("currency-code", l.currency_code.as_deref())
                .s("description", l.description.as_deref())
                .s("notes", l.notes.as_deref())
                .s("price", l.price.as_deref());
            if let Some(v) = l.subscription_plan_version_id {
                lw.i("subscription-plan-version-id", Some(v));
            }
            lines.push_str(&lw.wrap("line-item"));
        }
        lines.push_str("</line-items>");
        w.raw(&lines);
    }
    w.wrap("invoice")
}

pub(super) fn transaction_xml(t: &Transaction) -> String {
    let mut w = W::default();
    w.d("amount", t.amount)
        .t("created-at", t.created_at)
        .s("currency-code", t.currency_code.as_deref())
        .s("description", t.description.as_deref())
        .s("detail-type", t.detail_type.as_deref())
        .t("expires-at", t.expires_at)
        .i("id", Some(t.id))
        .i("invoice-id", t.invoice_id)
        .t("start-time", t.start_time)
        .s("terms", t.terms.as_deref())
        .t("updated-at", t.updated_at)
        .s("price", t.price.as_deref())
        .s(
            "subscriber-customer-id",
            t.subscriber_customer_id.as_deref(),
        );
    let detail = t.detail.clone().unwrap_or_default();
    let mut d = W::default();
    d.s("payment-method", detail.payment_method.as_deref())
        .b("recurring", detail.recurring)
        .typed_s("feature-level", detail.feature_level.as_deref());
    w.raw(&d.wrap("detail"));
    w.wrap("transaction")
}
