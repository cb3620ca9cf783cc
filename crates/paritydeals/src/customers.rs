//! Customers: create, update, get, list, archive.

use std::collections::BTreeMap;

use paykit_core::{Idempotency, Json, Page, Pages, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::client::{Client, WireStyle};
use crate::error::Error;
use crate::pages::ListCall;
use crate::wire_time::{lenient_instant, serialize_instant};

/// A new customer for `POST /customers/`.
///
/// ```
/// use paykit_paritydeals::NewCustomer;
///
/// let customer = NewCustomer::new("cus_42")
///     .email("ada@example.com")
///     .name("Ada")
///     .metadata_entry("plan_source", "website");
/// # let _ = customer;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NewCustomer {
    /// Your own id for the customer (the path key of every later call).
    pub customer_id: String,
    /// Email (the official SDK requires one, the docs do not: optional here).
    pub email: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// String metadata.
    pub metadata: Option<BTreeMap<String, String>>,
    /// Billing address (a later Kelviq addition; sent as `billingAddress` when set).
    pub billing_address: Option<Value>,
}

impl NewCustomer {
    /// A customer with only its id.
    pub fn new(customer_id: impl Into<String>) -> Self {
        NewCustomer {
            customer_id: customer_id.into(),
            email: None,
            name: None,
            metadata: None,
            billing_address: None,
        }
    }

    /// Sets the email.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds one metadata entry.
    pub fn metadata_entry(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Sets the billing address (any JSON object the server accepts).
    pub fn billing_address(mut self, address: Value) -> Self {
        self.billing_address = Some(address);
        self
    }

    /// The body in `style` (`customer_id` in the SDK form, `customerId` in the docs').
    pub(crate) fn body(&self, style: WireStyle) -> Result<Value, Error> {
        if self.customer_id.is_empty() {
            return Err(Error::invalid("customer_id", "must not be empty"));
        }
        let mut body = Map::new();
        body.insert(
            style.key("customer_id", "customerId").into(),
            Value::String(self.customer_id.clone()),
        );
        put(&mut body, "email", self.email.as_ref());
        put(&mut body, "name", self.name.as_ref());
        put(&mut body, "metadata", self.metadata.as_ref());
        put(&mut body, "billingAddress", self.billing_address.as_ref());
        Ok(Value::Object(body))
    }
}

/// Inserts `key: value` when `value` is set (the SDK leaves out fields that are None).
pub(crate) fn put<T: Serialize>(body: &mut Map<String, Value>, key: &str, value: Option<&T>) {
    if let Some(value) = value.and_then(|v| serde_json::to_value(v).ok()) {
        body.insert(key.to_owned(), value);
    }
}

/// A partial update for `PATCH /customers/{customerId}/`: only the fields set are sent, so
/// only they change. `clear_*` sends `null`.
///
/// ```
/// use paykit_paritydeals::CustomerUpdate;
///
/// let update = CustomerUpdate::new().email("new@example.com").clear_name();
/// # let _ = update;
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct CustomerUpdate {
    fields: Map<String, Value>,
}

impl CustomerUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the email.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.fields
            .insert("email".into(), Value::String(email.into()));
        self
    }

    /// Clears the email (`null`).
    pub fn clear_email(mut self) -> Self {
        self.fields.insert("email".into(), Value::Null);
        self
    }

    /// Changes the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.fields
            .insert("name".into(), Value::String(name.into()));
        self
    }

    /// Clears the name (`null`).
    pub fn clear_name(mut self) -> Self {
        self.fields.insert("name".into(), Value::Null);
        self
    }

    /// Replaces the metadata (the docs say metadata "typically replaces" the stored value).
    pub fn metadata(mut self, metadata: BTreeMap<String, String>) -> Self {
        let map = metadata
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        self.fields.insert("metadata".into(), Value::Object(map));
        self
    }

    /// Clears the metadata (`null`).
    pub fn clear_metadata(mut self) -> Self {
        self.fields.insert("metadata".into(), Value::Null);
        self
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// A customer as the server returns it (either key casing is read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Customer {
    /// The server's UUID.
    #[serde(default)]
    pub id: Option<String>,
    /// Your id for the customer.
    #[serde(alias = "customer_id")]
    pub customer_id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Read-only details the server keeps.
    #[serde(default)]
    pub details: Option<Value>,
    /// Metadata.
    #[serde(default)]
    pub metadata: Option<Value>,
    /// Creation time (`None` when absent or in a form that cannot be read).
    #[serde(
        default,
        alias = "created_on",
        deserialize_with = "lenient_instant",
        serialize_with = "serialize_instant"
    )]
    pub created_on: Option<OffsetDateTime>,
    /// Last change (`None` when absent or in a form that cannot be read).
    #[serde(
        default,
        alias = "modified_on",
        deserialize_with = "lenient_instant",
        serialize_with = "serialize_instant"
    )]
    pub modified_on: Option<OffsetDateTime>,
}

/// Which customers [`Client::list_customers`] returns: the paging knobs.
///
/// ```
/// use paykit_paritydeals::CustomerFilter;
///
/// let filter = CustomerFilter::new().page_size(50);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CustomerFilter {
    /// The page to read (from 1; default the first).
    pub page: Option<u64>,
    /// Customers per page (the server's default when unset).
    pub page_size: Option<u64>,
}

impl CustomerFilter {
    /// Every customer, from the first page, at the server's page size.
    pub fn new() -> Self {
        Self::default()
    }

    /// The page to read (from 1): the one page of [`Client::list_customers_page`], or where
    /// the stream of [`Client::list_customers`] starts.
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }

    /// Customers per page.
    pub fn page_size(mut self, page_size: u64) -> Self {
        self.page_size = Some(page_size);
        self
    }

    fn call(&self) -> ListCall {
        ListCall {
            operation: "paritydeals.list_customers",
            path: "/customers/",
            query: Vec::new(),
            page: self.page,
            page_size: self.page_size,
        }
    }
}

fn check_id(customer_id: &str) -> Result<(), Error> {
    if customer_id.is_empty() {
        return Err(Error::invalid("customer_id", "must not be empty"));
    }
    Ok(())
}

impl Client {
    /// Creates a customer (`POST /customers/`, 201). Not retried once it may have reached
    /// the server (a resend would fail as a duplicate).
    pub async fn create_customer(&self, customer: &NewCustomer) -> Result<Customer, Error> {
        let body = customer.body(self.style)?;
        let request = Request::post("paritydeals.create_customer", "/customers/")
            .idempotency(Idempotency::Never)
            .body(&Json, &body);
        self.send_api(request).await
    }

    /// Changes only the fields set in `update` (`PATCH /customers/{customerId}/`). Setting the
    /// same values twice has the same effect, so it is retried like a read. An empty update
    /// is refused without sending anything.
    pub async fn update_customer(
        &self,
        customer_id: &str,
        update: &CustomerUpdate,
    ) -> Result<Customer, Error> {
        check_id(customer_id)?;
        if update.is_empty() {
            return Err(Error::invalid("update", "sets no field"));
        }
        let request = Request::patch("paritydeals.update_customer", "/customers/{}/")
            .arg(customer_id)
            .idempotency(Idempotency::Safe)
            .body(&Json, &update.fields);
        self.send_api(request).await
    }

    /// One customer by your id (`GET /customers/{customerId}/`).
    pub async fn get_customer(&self, customer_id: &str) -> Result<Customer, Error> {
        check_id(customer_id)?;
        let request = Request::get("paritydeals.get_customer", "/customers/{}/").arg(customer_id);
        self.send_api(request).await
    }

    /// Every customer, fetched page by page as the stream is read (`GET /customers/`,
    /// following the `next` links from the filter's page on). `.try_collect()` gathers
    /// them; `.pages()` gives whole [`Page`]s with their totals.
    pub fn list_customers(&self, filter: &CustomerFilter) -> Pages<Customer, Error> {
        filter.call().pages(self.clone())
    }

    /// The one page of customers the filter names, with the item total.
    pub async fn list_customers_page(
        &self,
        filter: &CustomerFilter,
    ) -> Result<Page<Customer>, Error> {
        filter.call().page(self).await
    }

    /// Archives a customer (`DELETE /customers/{customerId}/`, 204).
    pub async fn archive_customer(&self, customer_id: &str) -> Result<(), Error> {
        check_id(customer_id)?;
        let request =
            Request::delete("paritydeals.archive_customer", "/customers/{}/").arg(customer_id);
        self.execute_api(request).await?;
        Ok(())
    }
}
