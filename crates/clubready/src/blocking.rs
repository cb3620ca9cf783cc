//! The same client for synchronous code (feature `blocking`).
//!
//! Every method of [`crate::Client`] exists here with the same name, arguments and result
//! (list operations return a blocking [`Iter`], an `Iterator<Item = Result<T, Error>>`,
//! instead of a stream). Each call runs on a private runtime; called from inside an async
//! runtime it returns [`Error::Core`] with [`paykit_core::Error::BlockingInsideRuntime`]
//! instead of panicking.

use std::sync::Arc;

use paykit_core::Page;
use paykit_core::blocking::{BlockingRuntime, Iter};
use secrecy::SecretString;

use crate::{
    Ack, AgreementSale, AgreementSaleResult, Booking, BookingCheck, BookingEventFilter,
    BookingStatus, BookingStatusEvent, CancelPolicy, CheckIn, ClassRoster, ClassScheduleFilter,
    ClassSession, ContractText, CreatedProspect, CreditDetail, DateAddedFilter, Error, GuestPass,
    IncompleteAgreement, InstallmentCalculation, InstallmentPlan, LoginResult, NewAgreement,
    NewBooking, NewGuestPass, NewProspect, NewUserAgreement, Package, PackageEligibility,
    PaymentProfileImport, Scope, Staff, StaffType, Store, User, UserActivityFilter, UserFilter,
    UserSummary, UserUpdate, UsernameCheck, WalletToken, WalletTokenRequest,
};

/// A blocking ClubReady client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<BlockingRuntime>,
}

impl crate::ClientBuilder {
    /// Builds a blocking client with these settings.
    pub fn build_blocking(self) -> Result<Client, Error> {
        Client::from_async(self.build()?)
    }
}

macro_rules! blocking {
    ($( $(#[$m:meta])* fn $name:ident(&self $(, $arg:ident: $t:ty)*) -> $ret:ty; )+) => {
        $(
            $(#[$m])*
            #[doc = concat!("See [`crate::Client::", stringify!($name), "`].")]
            pub fn $name(&self $(, $arg: $t)*) -> Result<$ret, Error> {
                self.run(self.inner.$name($($arg),*))
            }
        )+
    };
}

macro_rules! blocking_lists {
    ($( fn $name:ident(&self $(, $arg:ident: $t:ty)*) -> $item:ty; )+) => {
        $(
            #[doc = concat!("See [`crate::Client::", stringify!($name), "`]: the items, fetched as the iterator advances.")]
            pub fn $name(&self $(, $arg: $t)*) -> Iter<$item, Error> {
                Iter::new(self.runtime.clone(), self.inner.$name($($arg),*))
            }
        )+
    };
}

impl Client {
    /// Wraps an async client.
    pub fn from_async(inner: crate::Client) -> Result<Self, Error> {
        Ok(Client {
            inner,
            runtime: Arc::new(BlockingRuntime::new()?),
        })
    }

    /// [`crate::Client::from_env`], wrapped.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_async(crate::Client::from_env()?)
    }

    /// The async client inside.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// See [`crate::Client::with_scope`].
    pub fn with_scope(&self, scope: Scope) -> Client {
        Client {
            inner: self.inner.with_scope(scope),
            runtime: self.runtime.clone(),
        }
    }

    /// See [`crate::Client::with_store_id`].
    pub fn with_store_id(&self, store_id: u64) -> Client {
        self.with_scope(Scope::Store(store_id))
    }

    /// See [`crate::Client::with_chain_id`].
    pub fn with_chain_id(&self, chain_id: u64) -> Client {
        self.with_scope(Scope::Chain(chain_id))
    }

    /// See [`crate::Client::with_restriction`].
    pub fn with_restriction(&self, restriction: Option<crate::Restriction>) -> Client {
        Client {
            inner: self.inner.with_restriction(restriction),
            runtime: self.runtime.clone(),
        }
    }

    /// See [`crate::Client::with_forwarded_for`].
    pub fn with_forwarded_for(&self, ip: std::net::IpAddr) -> Client {
        Client {
            inner: self.inner.with_forwarded_for(ip),
            runtime: self.runtime.clone(),
        }
    }

    fn run<T>(&self, f: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        self.runtime.block_on(f)?
    }

    blocking! {
        fn create_prospect(&self, prospect: &NewProspect) -> CreatedProspect;
        fn find_users_page(&self, filter: &UserFilter) -> Page<UserSummary>;
        fn get_user(&self, user_id: u64) -> User;
        fn update_user(&self, user_id: u64, update: &UserUpdate) -> Ack;
        fn list_users_page(&self, filter: &UserActivityFilter) -> Page<UserSummary>;
        fn list_users_added_page(&self, filter: &DateAddedFilter) -> Page<UserSummary>;
        fn find_user_by_login(&self, username: &str, password: &SecretString) -> LoginResult;
        fn check_username(&self, username: &str) -> UsernameCheck;
        fn check_in(&self, check_in: &CheckIn) -> Ack;
        fn get_class_schedule(&self, filter: &ClassScheduleFilter) -> Vec<ClassSession>;
        fn get_class_roster(&self, class_schedule_id: u64) -> ClassRoster;
        fn get_booking_status(&self, class_schedule_id: u64, user_id: u64) -> BookingCheck;
        fn book_class(&self, booking: &NewBooking) -> Booking;
        fn update_booking_status(&self, user_id: u64, booking_id: u64, status: BookingStatus) -> Ack;
        fn cancel_booking(&self, user_id: u64, booking_id: u64, policy: CancelPolicy) -> Ack;
        fn cancel_wait_list(&self, user_id: u64, class_schedule_id: u64) -> Ack;
        fn get_booking_status_events(&self, filter: &BookingEventFilter) -> Vec<BookingStatusEvent>;
        fn get_credit_detail(&self, user_id: u64) -> CreditDetail;
        fn list_packages_page(&self) -> Page<Package>;
        fn list_installments_page(&self, package_id: u64) -> Page<InstallmentPlan>;
        fn calculate_installment(&self, package_id: u64, installment_id: u64) -> InstallmentCalculation;
        fn get_package_eligibility(&self, member_id: u64, package_id: u64) -> PackageEligibility;
        fn add_agreement(&self, agreement: &NewAgreement) -> IncompleteAgreement;
        fn add_agreement_new_user(&self, agreement: &NewUserAgreement) -> IncompleteAgreement;
        fn get_agreement_contract(&self, incomplete_agreement_token: &str) -> ContractText;
        fn create_agreement_sale(&self, sale: &AgreementSale) -> AgreementSaleResult;
        fn import_payment_profile(&self, import: &PaymentProfileImport) -> Ack;
        fn create_wallet_token(&self, token: &WalletTokenRequest) -> WalletToken;
        fn list_stores_page(&self) -> Page<Store>;
        fn list_staff_page(&self) -> Page<Staff>;
        fn list_staff_types_page(&self) -> Page<StaffType>;
        fn create_guest_pass(&self, pass: &NewGuestPass) -> Ack;
        fn list_guest_passes_page(&self, user_id: u64) -> Page<GuestPass>;
    }

    blocking_lists! {
        fn find_users(&self, filter: &UserFilter) -> UserSummary;
        fn list_users(&self, filter: &UserActivityFilter) -> UserSummary;
        fn list_users_added(&self, filter: &DateAddedFilter) -> UserSummary;
        fn list_packages(&self) -> Package;
        fn list_stores(&self) -> Store;
        fn list_staff(&self) -> Staff;
        fn list_staff_types(&self) -> StaffType;
        fn list_installments(&self, package_id: u64) -> InstallmentPlan;
        fn list_guest_passes(&self, user_id: u64) -> GuestPass;
    }
}
