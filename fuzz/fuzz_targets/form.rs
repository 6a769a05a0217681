//! The resubmission check on an arbitrary `FormDescription` (a hostile page controls every name,
//! label and button text the content script reads) and on arbitrary fetch/XHR POSTs. Input starting
//! with `{` is read as JSON (the seeds); anything else is decoded with `arbitrary`.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use gateway_guard_core::form::{
    assess_form, assess_post, FieldDescription, FormDescription, Risk, MAX_EVIDENCE,
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Field {
    name: String,
    input_type: String,
    autocomplete: String,
    label: String,
    id: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Form {
    origin: String,
    action: String,
    method: String,
    fields: Vec<Field>,
    submit_texts: Vec<String>,
    heading_text: Option<String>,
}

impl From<Form> for FormDescription {
    fn from(f: Form) -> Self {
        FormDescription {
            origin: f.origin,
            action: f.action,
            method: f.method,
            fields: f
                .fields
                .into_iter()
                .map(|x| FieldDescription {
                    name: x.name,
                    input_type: x.input_type,
                    autocomplete: x.autocomplete,
                    label: x.label,
                    id: x.id,
                })
                .collect(),
            submit_texts: f.submit_texts,
            heading_text: f.heading_text,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let form: FormDescription = if data.first() == Some(&b'{') {
        match serde_json::from_slice(data) {
            Ok(f) => f,
            Err(_) => return,
        }
    } else {
        match Form::arbitrary_take_rest(Unstructured::new(data)) {
            Ok(f) => f.into(),
            Err(_) => return,
        }
    };
    let a = assess_form(&form);
    assert!(a.evidence.len() <= MAX_EVIDENCE);
    assert!(a.risk == Risk::Other || a.score > 0, "a risk above other needs evidence: {a:?}");
    // Never a field's value: the form description has none, and evidence quotes names and texts only.
    let names: Vec<String> = form.fields.iter().map(|f| f.name.clone()).collect();
    let p = assess_post(&form.action, &names);
    assert!(p.evidence.len() <= MAX_EVIDENCE);
});
