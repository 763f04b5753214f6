//! `/my/preferences`: what is mailed to a member, on one plain form (radio buttons, check
//! boxes and a time-zone list; no JavaScript).

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::category::Category;
use crate::models::user_option::{DigestFrequency, PreferencesDraft};
use crate::views::components::{csrf_field, described_by, field_error, form_errors, invalid};
use crate::views::layout::{PageContext, page};

/// What the preferences page shows.
pub struct PreferencesView<'a> {
    /// The choices as stored, or as sent when the form comes back with problems.
    pub draft: &'a PreferencesDraft,
    /// Every category, for the digest and mailing-list check boxes.
    pub categories: &'a [Category],
    /// The member's address.
    pub email: &'a str,
    /// The form was just saved.
    pub saved: bool,
}

/// The preferences page.
pub fn preferences_page(ctx: &PageContext, view: &PreferencesView, errors: &[Complaint]) -> Markup {
    let draft = view.draft;
    let mail = &ctx.config.mail;
    let weekday = weekday_name(mail.digest_weekday);
    let body = html! {
        h1 { "Preferences" }
        @if view.saved { p.notice role="status" { "Your preferences are saved." } }
        p { "Mail goes to " strong { (view.email) } ". " a href="/my/email" { "Change your email address" } }
        (form_errors(errors))
        form.stacked method="post" action="/my/preferences" {
            (csrf_field(ctx))
            fieldset {
                legend { "Notification mail" }
                p.hint { "Replies to you, mentions, quotes, and new posts where you watch." }
                (radio("email_level", "0", &draft.email_level, "Always, once the notification is a few minutes old"))
                (radio("email_level", "1", &draft.email_level, &format!("Only when I have not read it here within {} minutes", mail.notification_delay_minutes)))
                (radio("email_level", "2", &draft.email_level, "Never"))
                (field_error(errors, "email_level"))
            }
            div.field {
                label for="max_emails_per_day" { "At most this many notification mails a day (optional)" }
                input #max_emails_per_day name="max_emails_per_day" type="number" min="1"
                    max=(mail.max_per_day_per_user) inputmode="numeric" value=(draft.max_emails_per_day)
                    aria-invalid=[invalid(errors, "max_emails_per_day")]
                    aria-describedby=[described_by(errors, "max_emails_per_day", Some("cap-hint"))];
                p #cap-hint .hint { "Empty: the site's limit, " (mail.max_per_day_per_user) "." }
                (field_error(errors, "max_emails_per_day"))
            }
            fieldset {
                legend { "Digest" }
                p.hint {
                    "A summary of the most active new topics. Weekly digests leave on " (weekday)
                    ", daily ones every day, at " (format!("{:02}:00", mail.digest_hour))
                    " in your time zone, whether or not you visited."
                }
                @if let Some(me) = &ctx.viewer {
                    p { a href={ "/u/" (me) "/digest/next" } { "See what your next digest holds so far" } }
                }
                @for frequency in DigestFrequency::ALL {
                    (radio("digest_frequency", frequency.as_str(), &draft.digest_frequency, frequency_label(frequency)))
                }
                (field_error(errors, "digest_frequency"))
            }
            fieldset {
                legend { "Categories in the digest" }
                (radio("digest_categories_from", "all", &draft.digest_categories_from, "Every category I have not muted"))
                (radio("digest_categories_from", "chosen", &draft.digest_categories_from, "Only the categories ticked here:"))
                (category_boxes("digest_categories", "digest", view.categories, &draft.digest_categories))
            }
            div.field {
                label for="time_zone" { "Time zone" }
                select #time_zone name="time_zone"
                    aria-invalid=[invalid(errors, "time_zone")]
                    aria-describedby=[described_by(errors, "time_zone", None)] {
                    @for zone in chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()) {
                        option selected[zone == draft.time_zone] { (zone) }
                    }
                }
                (field_error(errors, "time_zone"))
            }
            fieldset {
                legend { "Mailing-list mode" }
                div.field.checkbox {
                    input #mailing_list_mode type="checkbox" name="mailing_list_mode" value="true" checked[draft.mailing_list_mode];
                    label for="mailing_list_mode" { "Mail me every new post in the categories ticked here, each as its own mail, threaded by topic" }
                }
                (category_boxes("mailing_list_categories", "mailing", view.categories, &draft.mailing_list_categories))
            }
            button type="submit" { "Save preferences" }
        }
    };
    page(ctx, "Preferences", body)
}

fn radio(name: &str, value: &str, current: &str, label: &str) -> Markup {
    let id = format!("{name}-{value}");
    html! {
        div.field.checkbox {
            input #(id) type="radio" name=(name) value=(value) checked[current == value];
            label for=(id) { (label) }
        }
    }
}

fn category_boxes(name: &str, prefix: &str, categories: &[Category], ticked: &[i64]) -> Markup {
    html! {
        div.choices {
            @for category in categories {
                @let id = format!("{prefix}-{}", category.id);
                div.field.checkbox {
                    input #(id) type="checkbox" name={ (name) "[]" } value=(category.id) checked[ticked.contains(&category.id.0)];
                    label for=(id) { (category.name) }
                }
            }
        }
    }
}

fn frequency_label(frequency: DigestFrequency) -> &'static str {
    match frequency {
        DigestFrequency::Weekly => "Weekly",
        DigestFrequency::Daily => "Daily",
        DigestFrequency::Never => "Never",
    }
}

fn weekday_name(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "Mondays",
        chrono::Weekday::Tue => "Tuesdays",
        chrono::Weekday::Wed => "Wednesdays",
        chrono::Weekday::Thu => "Thursdays",
        chrono::Weekday::Fri => "Fridays",
        chrono::Weekday::Sat => "Saturdays",
        chrono::Weekday::Sun => "Sundays",
    }
}
