/**
 * Limits of client keys: characters per UTC minute and day ({@link io.ttsgateway.quota.QuotaCounter},
 * in memory or shared in Redis) and sessions open at once ({@link io.ttsgateway.quota.SessionCounts}).
 */
package io.ttsgateway.quota;
