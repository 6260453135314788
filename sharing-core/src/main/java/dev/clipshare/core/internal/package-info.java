/**
 * Implementation details of the core (signing, sealing, bcrypt checks, argument checks).
 * <b>No compatibility promise:</b> anything here may change or vanish in any release. Do not use
 * it from outside Clipshare's own modules.
 */
package dev.clipshare.core.internal;
