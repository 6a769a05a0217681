//! Hand-built form descriptions in the twelve languages of the keyword tables, plus the rules that do
//! not depend on language (GET, bounds, card fields, POST classification).

use super::keywords::LANGUAGES;
use super::*;

fn form(
    method: &str,
    action: &str,
    fields: &[(&str, &str, &str, &str)],
    buttons: &[&str],
) -> FormDescription {
    FormDescription {
        origin: "https://shop.example".into(),
        action: action.into(),
        method: method.into(),
        fields: fields
            .iter()
            .map(|(name, input_type, autocomplete, label)| FieldDescription {
                name: (*name).into(),
                input_type: (*input_type).into(),
                autocomplete: (*autocomplete).into(),
                label: (*label).into(),
                id: None,
            })
            .collect(),
        submit_texts: buttons.iter().map(|b| (*b).into()).collect(),
        heading_text: None,
    }
}

fn risk_of_button(button: &str) -> Risk {
    assess_form(&form("post", "/", &[], &[button])).risk
}

/// (language, final payment button, checkout-step button, add-to-cart button, login button)
const BUTTONS: &[(&str, &str, &str, &str, &str)] = &[
    ("en", "Place order", "Proceed to checkout", "Add to cart", "Log In"),
    ("de", "Zahlungspflichtig bestellen", "Weiter zur Kasse", "In den Warenkorb", "Anmelden"),
    ("fr", "Passer la commande", "Procéder au paiement", "Ajouter au panier", "Se connecter"),
    ("es", "Realizar el pedido", "Finalizar compra", "Añadir al carrito", "Iniciar sesión"),
    ("it", "Effettua ordine", "Procedi al checkout", "Aggiungi al carrello", "Accedi"),
    ("pt", "Finalizar pedido", "Finalizar compra", "Adicionar ao carrinho", "Entrar"),
    ("nl", "Bestelling plaatsen", "Afrekenen", "In winkelwagen", "Inloggen"),
    ("pl", "Kupuję i płacę", "Przejdź do kasy", "Dodaj do koszyka", "Zaloguj się"),
    ("ru", "Оплатить заказ", "Перейти к оформлению", "Добавить в корзину", "Войти"),
    ("ja", "注文を確定する", "レジに進む", "カートに入れる", "ログイン"),
    ("zh", "提交订单", "去结算", "加入购物车", "登录"),
    ("ko", "결제하기", "주문서 작성", "장바구니 담기", "로그인"),
];

#[test]
fn every_language_has_a_table_and_a_test_row() {
    let codes: Vec<&str> = LANGUAGES.iter().map(|l| l.code).collect();
    assert_eq!(codes, ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "ja", "zh", "ko"]);
    for lang in LANGUAGES {
        assert!(BUTTONS.iter().any(|row| row.0 == lang.code), "no test row for {}", lang.code);
        for list in [lang.payment, lang.order, lang.other, lang.payment_labels, lang.other_labels] {
            assert!(!list.is_empty(), "{} has an empty list", lang.code);
            for (phrase, weight) in list.iter() {
                assert!((1..=10).contains(&weight), "{phrase}: weight {weight}");
                assert_eq!(phrase.trim(), phrase);
            }
        }
    }
}

#[test]
fn buttons_in_twelve_languages() {
    for (lang, pay, step, cart, login) in BUTTONS {
        assert_eq!(risk_of_button(pay), Risk::Payment, "{lang}: {pay}");
        assert_eq!(risk_of_button(step), Risk::Order, "{lang}: {step}");
        assert_eq!(risk_of_button(cart), Risk::Other, "{lang}: {cart}");
        assert_eq!(risk_of_button(login), Risk::Other, "{lang}: {login}");
    }
}

#[test]
fn donate_buttons_in_twelve_languages() {
    for text in [
        "Donate now",
        "Jetzt spenden",
        "Faire un don",
        "Donar ahora",
        "Dona ora",
        "Doar agora",
        "Doneer nu",
        "Przekaż darowiznę",
        "Пожертвовать",
        "寄付する",
        "立即捐款",
        "기부하기",
    ] {
        assert_eq!(risk_of_button(text), Risk::Payment, "{text}");
    }
}

#[test]
fn card_labels_in_twelve_languages() {
    for label in [
        "Card number",
        "Kartennummer",
        "Numéro de carte",
        "Número de tarjeta",
        "Numero carta",
        "Número do cartão",
        "Kaartnummer",
        "Numer karty",
        "Номер карты",
        "カード番号",
        "卡号",
        "카드 번호",
    ] {
        let f = form("post", "/", &[("f1", "text", "", label)], &["OK"]);
        let a = assess_form(&f);
        assert_eq!(a.risk, Risk::Payment, "{label}");
        assert_eq!(a.evidence.first().map(String::as_str), Some(format!("label: {label}").as_str()));
    }
}

#[test]
fn case_diacritics_and_spacing_do_not_matter() {
    for text in [
        "PLACE  ORDER",
        "place\u{a0}order",
        " Place order ",
        "ZAHLUNGSPFLICHTIG BESTELLEN",
        "zloz zamowienie",
    ] {
        assert_eq!(risk_of_button(text), Risk::Payment, "{text}");
    }
    // Latin words need boundaries: "Payment details" is not "Pay", "PayPal" is not "Pay".
    assert_eq!(risk_of_button("Payment details"), Risk::Other);
    assert_eq!(risk_of_button("Repay later"), Risk::Other);
}

#[test]
fn longest_phrase_wins_inside_one_text() {
    // "Ir a pagar" (go to pay) is a step, though it contains "pagar".
    assert_eq!(risk_of_button("Ir a pagar"), Risk::Order);
    // "Proceed to payment" is a step; "Make payment" is not.
    assert_eq!(risk_of_button("Proceed to payment"), Risk::Order);
    assert_eq!(risk_of_button("Make payment"), Risk::Payment);
}

#[test]
fn autocomplete_card_tokens_make_a_payment() {
    let f = form(
        "post",
        "/checkout",
        &[("n", "text", "section-pay billing cc-number", ""), ("c", "text", "cc-csc", "")],
        &["Continue"],
    );
    let a = assess_form(&f);
    assert_eq!(a.risk, Risk::Payment);
    assert_eq!(a.evidence[..2], ["autocomplete cc-number", "autocomplete cc-csc"]);
}

#[test]
fn card_field_names_make_a_payment() {
    for name in [
        "card_number",
        "cardNumber",
        "billing[cc_number]",
        "x_card_code",
        "iban",
        "stripeToken",
        "payment_method_nonce",
    ] {
        let a = assess_form(&form("post", "", &[(name, "text", "", "")], &[]));
        assert_eq!(a.risk, Risk::Payment, "{name}");
        assert_eq!(a.evidence, [format!("field name: {name}")]);
    }
}

#[test]
fn shipping_step_without_card_data_is_an_order() {
    let f = form(
        "post",
        "/checkout/shipping",
        &[
            ("shipping_first_name", "text", "shipping given-name", "First name"),
            ("shipping_address_1", "text", "shipping address-line1", "Street address"),
            ("shipping_method", "radio", "", ""),
        ],
        &["Continue to payment"],
    );
    let a = assess_form(&f);
    assert_eq!(a.risk, Risk::Order, "{a:?}");
    assert!(a.evidence.contains(&"button: Continue to payment".to_string()));
}

#[test]
fn cart_coupon_login_search_newsletter_contact_are_other() {
    let cases = [
        form("post", "/product/shirt", &[("quantity", "number", "", "Qty")], &["Add to cart"]),
        form("post", "/cart", &[("coupon_code", "text", "", "Coupon code")], &["Apply coupon"]),
        form("post", "/cart", &[("cart[abc][qty]", "number", "", "")], &["Update cart"]),
        form(
            "post",
            "/wp-login.php",
            &[("log", "text", "username", "Username"), ("pwd", "password", "current-password", "Password")],
            &["Log In"],
        ),
        form("post", "/subscribe", &[("EMAIL", "email", "email", "Email")], &["Subscribe"]),
        form("post", "/contact", &[("your-message", "textarea", "", "Your message")], &["Send"]),
        form("", "", &[], &[]),
    ];
    for f in &cases {
        assert_eq!(assess_form(f).risk, Risk::Other, "{f:?}");
    }
}

#[test]
fn add_to_cart_outweighs_buy_now_on_a_product_form() {
    let f = form("post", "/product/shirt", &[("quantity", "number", "", "")], &["Add to cart", "Buy now"]);
    assert_eq!(assess_form(&f).risk, Risk::Other);
}

#[test]
fn a_get_form_is_never_payment() {
    let f = form("GET", "/checkout/pay", &[("cardnumber", "text", "cc-number", "Card number")], &["Pay now"]);
    let a = assess_form(&f);
    assert_eq!(a.risk, Risk::Other);
    assert_eq!(a.evidence, ["method: GET"]);
    // An absent method is assessed: script-driven payment forms have none.
    let f = form("", "", &[], &["Pay now"]);
    assert_eq!(assess_form(&f).risk, Risk::Payment);
}

#[test]
fn a_provider_action_host_is_payment_evidence() {
    let f = form(
        "post",
        "https://www.paypal.com/cgi-bin/webscr",
        &[("cmd", "hidden", "", ""), ("business", "hidden", "", ""), ("amount", "hidden", "", "")],
        &[],
    );
    let a = assess_form(&f);
    assert_eq!(a.risk, Risk::Payment, "{a:?}");
    assert_eq!(a.evidence.first().map(String::as_str), Some("action host: www.paypal.com"));
    // Not a parent-domain lookalike.
    let f = form("post", "https://notpaypal.com/x", &[], &[]);
    assert_eq!(assess_form(&f).risk, Risk::Other);
}

#[test]
fn heading_counts_half() {
    let mut f = form("post", "/", &[], &[]);
    f.heading_text = Some("Checkout".into());
    assert_eq!(assess_form(&f).risk, Risk::Other, "a heading alone is a hint");
    f.submit_texts = vec!["Continue".into()];
    assert_eq!(assess_form(&f).risk, Risk::Order);
}

#[test]
fn posts_are_classified_from_path_and_names() {
    let names = |n: &[&str]| n.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    assert_eq!(
        assess_post("/wc/store/v1/checkout", &names(&["billing_address", "payment_method"])).risk,
        Risk::Payment
    );
    assert_eq!(
        assess_post("https://api.shop.example/v1/payments", &names(&["amount", "card.number"])).risk,
        Risk::Payment
    );
    assert_eq!(assess_post("/api/orders", &names(&["items", "shipping_address"])).risk, Risk::Order);
    assert_eq!(assess_post("/cart/add", &names(&["product_id", "quantity"])).risk, Risk::Other);
    assert_eq!(assess_post("/api/search", &names(&["query"])).risk, Risk::Other);
    assert_eq!(assess_post("/graphql", &names(&["operationName", "variables"])).risk, Risk::Other);
}

#[test]
fn hostile_input_is_bounded_and_never_panics() {
    let huge = "ü".repeat(20_000);
    let mut f = form("post", &huge, &[], &[]);
    f.fields = (0..1_000)
        .map(|i| FieldDescription {
            name: format!("{huge}{i}"),
            label: huge.clone(),
            ..FieldDescription::default()
        })
        .collect();
    f.submit_texts = vec![huge.clone(); 1_000];
    f.heading_text = Some(huge.clone());
    assert_eq!(assess_form(&f).risk, Risk::Other);
    // Past the caps nothing is read, not even a card field.
    f.fields.push(FieldDescription { name: "card_number".into(), ..FieldDescription::default() });
    f.submit_texts.push("Pay now".into());
    assert_eq!(assess_form(&f).risk, Risk::Other);
    // A card number behind 200 characters of padding is not read either.
    let padded = format!("{} Card number", " x".repeat(100));
    assert_eq!(assess_form(&form("post", "", &[("f", "", "", &padded)], &[])).risk, Risk::Other);
    // Odd URLs and lone marks.
    for url in ["://", "//", "https://", "https://@:/", "#", "?", "\u{301}", "https://[::1]:8080/pay"] {
        let _ = assess_post(url, &[String::from("\u{0}"), String::new()]);
        let _ = assess_form(&form("post", url, &[("\u{301}", "", "   ", "*")], &["*", ""]));
    }
}

#[test]
fn serializes_to_the_contract_shape() {
    let json = r#"{"origin":"https://a.example","action":"/checkout","method":"post",
        "fields":[{"name":"cc","type":"text","autocomplete":"cc-number","label":"Card"},
                  {"name":"x","inputType":"hidden"}],
        "submitTexts":["Place order"],"headingText":null}"#;
    let f: FormDescription = serde_json::from_str(json).unwrap();
    assert_eq!(f.fields[0].input_type, "text");
    assert_eq!(f.fields[1].input_type, "hidden");
    let a = assess_form(&f);
    let out = serde_json::to_value(&a).unwrap();
    assert_eq!(out["risk"], "payment");
    assert_eq!(out["evidence"][0], "autocomplete cc-number");
    assert!(out["score"].as_u64().unwrap() >= 10);
    // Unknown and missing keys are tolerated.
    let f: FormDescription = serde_json::from_str(r#"{"method":"post","extra":1}"#).unwrap();
    assert_eq!(assess_form(&f).risk, Risk::Other);
}
