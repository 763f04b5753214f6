//! `/my/preferences`: a member's mail choices are shown as stored, saved from the plain form
//! (check boxes as lists), and refused field by field when wrong, changing nothing.

use convene::models::role::Role;
use convene::models::user_option::UserOptions;
use convene::models::watching::CategoryWatch;

use crate::support::{TestApp, body_of, location};

#[actix_web::test]
async fn a_member_chooses_what_is_mailed_and_sees_it_kept() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in("ada", Role::User).await;
    let specs = app.create_category("SPECs", false, None);
    let help = app.create_category("Help", false, None);
    let meta = app.create_category("Meta", false, None);

    let (status, page) = app.client.get_text("/my/preferences").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"value="weekly" checked"#),
        "weekly by default"
    );
    assert!(
        page.contains(r#"value="1" checked"#),
        "only when away by default"
    );
    assert!(page.contains("<option selected>UTC</option>"));
    assert!(page.contains("Weekly digests leave on Mondays"));

    let specs_id = specs.id.to_string();
    let help_id = help.id.to_string();
    let meta_id = meta.id.to_string();
    let response = app
        .client
        .post_form(
            "/my/preferences",
            &[
                ("email_level", "0"),
                ("max_emails_per_day", "12"),
                ("digest_frequency", "daily"),
                ("digest_categories_from", "chosen"),
                ("digest_categories[]", &specs_id),
                ("digest_categories[]", &help_id),
                ("time_zone", "Europe/Paris"),
                ("mailing_list_mode", "true"),
                ("mailing_list_categories[]", &meta_id),
            ],
        )
        .await;
    assert_eq!(location(&response), "/my/preferences?saved=1");
    let options = app
        .with_conn(|conn| UserOptions::find(conn, ada.id))
        .expect("options");
    assert_eq!(options.email_level, 0);
    assert_eq!(options.max_emails_per_day, Some(12));
    assert_eq!(options.digest_frequency, "daily");
    assert!(!options.digest_all_categories);
    assert_eq!(options.time_zone, "Europe/Paris");
    assert!(options.mailing_list_mode);
    let (mut digest, mailing) = app
        .with_conn(|conn| CategoryWatch::mail_choices(conn, ada.id))
        .expect("choices");
    digest.sort_unstable();
    assert_eq!(digest, vec![specs.id, help.id]);
    assert_eq!(mailing, vec![meta.id]);

    let (_, page) = app.client.get_text("/my/preferences?saved=1").await;
    assert!(page.contains("Your preferences are saved."));
    assert!(page.contains("<option selected>Europe/Paris</option>"));
    assert!(page.contains(&format!(
        r#"name="digest_categories[]" value="{specs_id}" checked"#
    )));
    assert!(page.contains(&format!(
        r#"name="mailing_list_categories[]" value="{meta_id}" checked"#
    )));

    // Unticking everything clears the lists but keeps a watching level chosen elsewhere.
    let action = format!("/category/{}/notifications", specs.id);
    let response = app
        .client
        .post_form(&action, &[("notification_level", "3")])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let response = app
        .client
        .post_form(
            "/my/preferences",
            &[
                ("email_level", "1"),
                ("max_emails_per_day", ""),
                ("digest_frequency", "weekly"),
                ("digest_categories_from", "all"),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let (digest, mailing) = app
        .with_conn(|conn| CategoryWatch::mail_choices(conn, ada.id))
        .expect("choices");
    assert!(digest.is_empty() && mailing.is_empty());
    let level = app
        .with_conn(|conn| CategoryWatch::level(conn, ada.id, specs.id))
        .expect("level");
    assert_eq!(level, Some(convene::models::watching::Level::Watching));
}

#[actix_web::test]
async fn wrong_choices_are_refused_beside_their_fields_and_change_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in("ada", Role::User).await;
    let before = app
        .with_conn(|conn| UserOptions::find(conn, ada.id))
        .expect("options");
    let response = app
        .client
        .post_form(
            "/my/preferences",
            &[
                ("email_level", "5"),
                ("max_emails_per_day", "100000"),
                ("digest_frequency", "hourly"),
                ("time_zone", "Mars/Olympus_Mons"),
            ],
        )
        .await;
    let page = body_of(response, 422).await;
    for message in [
        "Choose when notifications are mailed",
        "The daily limit must be a whole number",
        "Choose how often the digest comes",
        "Choose a time zone from the list",
    ] {
        assert!(page.contains(message), "{message}: {page}");
    }
    // A category that does not exist: 404, nothing saved.
    let response = app
        .client
        .post_form(
            "/my/preferences",
            &[
                ("email_level", "2"),
                ("digest_frequency", "never"),
                ("time_zone", "UTC"),
                ("digest_categories[]", "999999"),
            ],
        )
        .await;
    body_of(response, 404).await;
    let after = app
        .with_conn(|conn| UserOptions::find(conn, ada.id))
        .expect("options");
    assert_eq!(before, after);

    // Not signed in: no preferences to show or save.
    let stranger = app.new_client();
    assert_ne!(stranger.get("/my/preferences").await.status().as_u16(), 200);
    let response = stranger
        .post_form("/my/preferences", &[("email_level", "2")])
        .await;
    assert_ne!(response.status().as_u16(), 303);
}
