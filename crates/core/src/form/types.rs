//! The data that crosses into and out of the form check: a description of one form (built by the
//! content script from the DOM, or by the CLI from parsed HTML) and the assessment of it.

use serde::{Deserialize, Serialize};

/// One `<form>` as the check sees it. Only names, types and visible texts: never a field's value.
///
/// Every field has a default, so a shell may leave out what it does not know.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FormDescription {
    /// The page's origin, e.g. `https://shop.example`.
    pub origin: String,
    /// The `action` attribute as written (relative or absolute); empty when absent.
    pub action: String,
    /// The `method` attribute as written, empty when absent. An explicit `get` (or `dialog`) is never
    /// payment-like; an absent method is assessed, because script-driven payment forms (Stripe Elements,
    /// Braintree Drop-in) carry no method and post through `fetch`.
    pub method: String,
    /// The form's controls in document order (inputs, selects, textareas).
    pub fields: Vec<FieldDescription>,
    /// Texts of the form's submit buttons: a `<button>`'s text (or `value`/`aria-label`), an
    /// `<input type=submit>`'s value, an `<input type=image>`'s alt.
    pub submit_texts: Vec<String>,
    /// The nearest heading above the form (`h1`..`h3` or legend), when the shell found one.
    pub heading_text: Option<String>,
}

/// One control of a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FieldDescription {
    /// The `name` attribute.
    pub name: String,
    /// The `type` attribute of an input (`text`, `password`, ...), or `select` / `textarea`.
    #[serde(alias = "type")]
    pub input_type: String,
    /// The `autocomplete` attribute, all its tokens (`section-a billing cc-number`).
    pub autocomplete: String,
    /// The field's label: its `<label>` text, else `aria-label`, else `placeholder`.
    pub label: String,
    /// The `id` attribute, when present.
    pub id: Option<String>,
}

/// How payment-like a submission is. Ordered: `Other < Order < Payment`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Anything else: login, search, newsletter, contact, add-to-cart, coupon, cart update.
    #[default]
    Other,
    /// A step of an order or checkout that does not itself carry card data or commit the payment
    /// (address, shipping method, "continue to payment").
    Order,
    /// Charges money or commits a final order: card or bank fields, a payment provider, a final
    /// pay / place-order / buy-now / donate button.
    Payment,
}

impl Risk {
    /// The spec's id: `payment`, `order` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Payment => "payment",
            Risk::Order => "order",
            Risk::Other => "other",
        }
    }
}

impl std::fmt::Display for Risk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The check's answer for one form or one POST.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormAssessment {
    /// The risk level.
    pub risk: Risk,
    /// Why, most telling first: `autocomplete cc-number`, `button: Place order`,
    /// `field name: card_number`, `action: /checkout/pay`, ... At most 16 entries.
    pub evidence: Vec<String>,
    /// The weight of the evidence behind `risk` (0 when nothing matched). Only comparable between
    /// assessments of the same risk; the extension does not need it.
    pub score: u32,
}
