/**
 * What is let in: the client's key at the upgrade, the session limit as one atomic reservation
 * ({@link io.ttsgateway.session.admission.SessionSlots}), and per request the drain, the rate
 * limit, the ids in use and the queue depth ({@link io.ttsgateway.session.admission.Admission}).
 */
package io.ttsgateway.session.admission;
