//! Subscription plans: `GET subscription_plans.xml`, filtered client-side.

use paykit_core::{Page, Pages, Request};

use crate::models::Plan;
use crate::values::PlanType;
use crate::{Client, Error};

/// Which plans [`Client::list_plans`] keeps. Spreedly returns every plan in one answer and
/// has no filters of its own, so these apply client-side.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PlanFilter {
    feature_level: Option<String>,
    plan_type: Option<PlanType>,
    enabled: Option<bool>,
}

impl PlanFilter {
    /// Every plan.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only plans granting this feature level.
    pub fn feature_level(mut self, level: impl Into<String>) -> Self {
        self.feature_level = Some(level.into());
        self
    }

    /// Only plans of this type.
    pub fn plan_type(mut self, plan_type: PlanType) -> Self {
        self.plan_type = Some(plan_type);
        self
    }

    /// Only enabled (or only disabled) plans.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    fn keeps(&self, plan: &Plan) -> bool {
        self.feature_level
            .as_ref()
            .is_none_or(|l| plan.feature_level.as_ref() == Some(l))
            && self
                .plan_type
                .as_ref()
                .is_none_or(|t| plan.plan_type.as_ref() == Some(t))
            && self.enabled.is_none_or(|e| plan.enabled == e)
    }
}

impl Client {
    /// Every plan the filter keeps, as a stream (one request: Spreedly answers with every
    /// plan at once).
    pub fn list_plans(&self, filter: &PlanFilter) -> Pages<Plan, Error> {
        let client = self.clone();
        let filter = filter.clone();
        Pages::new(paykit_core::Cursor::Number(1), move |_| {
            let client = client.clone();
            let filter = filter.clone();
            async move { client.list_plans_page(&filter).await }
        })
    }

    /// Every plan the filter keeps, as one [`Page`].
    pub async fn list_plans_page(&self, filter: &PlanFilter) -> Result<Page<Plan>, Error> {
        let request = Request::get("spreedly.list_plans", "/subscription_plans.xml");
        let plans: Vec<Plan> = self.send(request).await?;
        Ok(Page::single(
            plans.into_iter().filter(|p| filter.keeps(p)).collect(),
        ))
    }

    /// The plan with this id, if there is one (Spreedly has no single-plan read: this lists
    /// the plans and picks it).
    pub async fn find_plan(&self, id: u64) -> Result<Option<Plan>, Error> {
        let page = self.list_plans_page(&PlanFilter::new()).await?;
        Ok(page.items.into_iter().find(|p| p.id == id))
    }
}
