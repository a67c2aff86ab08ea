/** STS: the caller identity. Every credential maps to the local account's root, and nothing is ever assumed. */
package dev.sagebox.sts;
