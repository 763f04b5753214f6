//! Build script: rebuild when migrations change, so the embedded list never goes stale.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
