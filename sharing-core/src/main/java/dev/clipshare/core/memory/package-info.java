/**
 * In-memory reference implementations of the SPIs: stores, a rate limiter and a media store. They
 * define the expected behaviour (the share and export stores pass the whole sharing-testkit
 * contract) and suit tests, demos and single-node hosts that accept losing state on restart.
 */
package dev.clipshare.core.memory;
