//! Pages behind the links in account mail: verifying an address, and resetting a password.
//! Each link leads to a page with a button, never straight to a change: mail scanners open
//! links, and a GET must not use up a single-use link.

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::views::components::{csrf_field, described_by, field_error, form_errors, invalid};
use crate::views::layout::{PageContext, page};

/// `/verify` for someone signed in: whether their address is verified, and a way to get a
/// new link.
pub fn verify_status(ctx: &PageContext, email: &str, verified: bool, just_sent: bool) -> Markup {
    let body = html! {
        h1 { "Confirm your email address" }
        @if verified {
            p { "Your address " strong { (email) } " is confirmed." }
        } @else {
            @if just_sent {
                p role="status" { "We sent a new link to " strong { (email) } "." }
            } @else {
                p { "We sent a link to " strong { (email) } ". Open it to confirm the address; until then you can read but not post." }
            }
            p { "No mail? Look in your spam folder, or ask for another link (at most a few an hour)." }
            form method="post" action="/verify" {
                (csrf_field(ctx))
                button type="submit" { "Send a new link" }
            }
        }
    };
    page(ctx, "Confirm your email address", body)
}

/// The page a verification link opens: one button that uses it.
pub fn verify_confirm(ctx: &PageContext, token: &str, username: &str) -> Markup {
    let body = html! {
        h1 { "Confirm your email address" }
        p { "Confirm that this address belongs to " strong { (username) } "." }
        form method="post" action={ "/verify/" (token) } {
            (csrf_field(ctx))
            button type="submit" { "Confirm my address" }
        }
    };
    page(ctx, "Confirm your email address", body)
}

/// After a verification link was used.
pub fn verified(ctx: &PageContext, username: &str) -> Markup {
    let body = html! {
        h1 { "Address confirmed" }
        p role="status" { "Thank you, " (username) ". Your address is confirmed and you can post." }
        p { a href="/" { "Go to the front page" } }
    };
    page(ctx, "Address confirmed", body)
}

/// A link that does not work, saying why and what to do.
pub fn bad_link(ctx: &PageContext, problem: &str, ask_again: (&str, &str)) -> Markup {
    let body = html! {
        h1 { "This link does not work" }
        p { (problem) }
        p { a href=(ask_again.0) { (ask_again.1) } }
    };
    page(ctx, "This link does not work", body)
}

/// `/password-reset`: asks for the address.
pub fn reset_request(ctx: &PageContext, email: &str, errors: &[Complaint]) -> Markup {
    let body = html! {
        h1 { "Forgot your password?" }
        p { "Give the email address of your account, and we will mail you a link to choose a new password. The link works once, for an hour." }
        (form_errors(errors))
        form.stacked method="post" action="/password-reset" {
            (csrf_field(ctx))
            div.field {
                label for="email" { "Email address" }
                input #email name="email" type="email" required autocomplete="email" value=(email)
                    aria-invalid=[invalid(errors, "email")]
                    aria-describedby=[described_by(errors, "email", None)];
                (field_error(errors, "email"))
            }
            button type="submit" { "Mail me a link" }
        }
    };
    page(ctx, "Forgot your password?", body)
}

/// After asking for a reset link: the same words whether or not the address is known.
pub fn reset_requested(ctx: &PageContext, email: &str) -> Markup {
    let body = html! {
        h1 { "Look in your mail" }
        p role="status" { "If an account uses " strong { (email) } ", we have sent it a link to choose a new password. The link works once, for an hour." }
        p { "No mail after a few minutes? Look in your spam folder, or check the address and ask again." }
    };
    page(ctx, "Look in your mail", body)
}

/// The page a reset link opens: the new password.
pub fn reset_form(ctx: &PageContext, token: &str, username: &str, errors: &[Complaint]) -> Markup {
    let min = ctx.config.auth.min_password_length;
    let body = html! {
        h1 { "Choose a new password" }
        p { "For the account " strong { (username) } ". Every place you are logged in will be logged out." }
        (form_errors(errors))
        form.stacked method="post" action={ "/password-reset/" (token) } {
            (csrf_field(ctx))
            div.field {
                label for="password" { "New password" }
                input #password name="password" type="password" required minlength=(min)
                    autocomplete="new-password"
                    aria-invalid=[invalid(errors, "password")]
                    aria-describedby=[described_by(errors, "password", Some("password-hint"))];
                p #password-hint .hint { "At least " (min) " characters." }
                (field_error(errors, "password"))
            }
            button type="submit" { "Save the new password" }
        }
    };
    page(ctx, "Choose a new password", body)
}

/// After a new password was saved.
pub fn password_changed(ctx: &PageContext) -> Markup {
    let body = html! {
        h1 { "Password changed" }
        p role="status" { "Your new password is saved, and every earlier login has ended." }
        p { a href="/login" { "Log in" } }
    };
    page(ctx, "Password changed", body)
}

/// `/my/email`: a new address, and the current password again.
pub fn change_email(ctx: &PageContext, current: &str, email: &str, errors: &[Complaint]) -> Markup {
    let body = html! {
        h1 { "Change your email address" }
        p { "Mail now goes to " strong { (current) } ". We will mail a link to the new address; it is used once you open it, and until then nothing changes." }
        (form_errors(errors))
        form.stacked method="post" action="/my/email" {
            (csrf_field(ctx))
            div.field {
                label for="email" { "New email address" }
                input #email name="email" type="email" required autocomplete="email" value=(email)
                    aria-invalid=[invalid(errors, "email")]
                    aria-describedby=[described_by(errors, "email", None)];
                (field_error(errors, "email"))
            }
            div.field {
                label for="password" { "Your current password" }
                input #password name="password" type="password" required autocomplete="current-password"
                    aria-invalid=[invalid(errors, "password")]
                    aria-describedby=[described_by(errors, "password", None)];
                (field_error(errors, "password"))
            }
            button type="submit" { "Send a confirmation link" }
        }
    };
    page(ctx, "Change your email address", body)
}

/// After asking for a new address.
pub fn change_email_sent(ctx: &PageContext, current: &str, email: &str) -> Markup {
    let body = html! {
        h1 { "Look in your new mailbox" }
        p role="status" { "We sent a link to " strong { (email) } ". Open it to start using that address; until then mail still goes to " strong { (current) } "." }
    };
    page(ctx, "Look in your new mailbox", body)
}

/// The page a change-of-address link opens: one button that uses it.
pub fn change_email_confirm(ctx: &PageContext, token: &str, username: &str) -> Markup {
    let body = html! {
        h1 { "Confirm your new email address" }
        p { "Use the address this link was sent to for the account " strong { (username) } "." }
        form method="post" action={ "/change-email/" (token) } {
            (csrf_field(ctx))
            button type="submit" { "Use this address" }
        }
    };
    page(ctx, "Confirm your new email address", body)
}

/// After the address changed.
pub fn email_changed(ctx: &PageContext, email: &str) -> Markup {
    let body = html! {
        h1 { "Address changed" }
        p role="status" { "Mail now goes to " strong { (email) } "." }
        p { a href="/my/preferences" { "Back to your preferences" } }
    };
    page(ctx, "Address changed", body)
}
