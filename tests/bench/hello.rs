//! The benchmark's baseline: actix-web answering "Hello, world!" with nothing else, built from
//! Convene's own dependency set and profile (`cargo build --release --example hello`), so the
//! harness can state each page's speed as a share of what the framework can do on the same
//! machine in the same run. Usage: `hello 127.0.0.1:PORT` (workers: one per core, as Convene).

use actix_web::{App, HttpResponse, HttpServer, web};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8081".to_owned());
    let server = HttpServer::new(|| {
        App::new().route(
            "/",
            web::get().to(|| async {
                HttpResponse::Ok()
                    .content_type("text/plain; charset=utf-8")
                    .body("Hello, world!")
            }),
        )
    })
    .bind(&bind)?;
    println!("hello is serving on http://{bind}");
    server.run().await
}
