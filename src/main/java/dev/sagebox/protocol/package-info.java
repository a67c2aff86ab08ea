/**
 * What every wire codec shares: the request id, reading bounded bodies, building the {@link dev.sagebox.aws.RequestContext}
 * a feature sees. The codecs themselves live in the sub-packages, one per AWS protocol; they may import features'
 * operation lists and records but never each other.
 */
package dev.sagebox.protocol;
