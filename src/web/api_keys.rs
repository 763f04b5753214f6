//! Every request that carries an `Api-Key` has it checked here, before routing, so an unknown,
//! revoked or mismatched key gets Discourse's 403 whatever it asks for, including routes whose
//! handler never asks who is asking (the rules are in `routes::context`). Only a request
//! that passed goes on to the CSRF check, which exempts it.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::routes::context::authenticate_api_key;

/// Refuses a request whose `Api-Key` is no good; passes every other request on.
pub async fn check<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if let Err(error) = authenticate_api_key(req.request()).await {
        // An error response, not `Err`, so `web::errors` renders it with the request at hand.
        return Ok(req.error_response(error).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}
