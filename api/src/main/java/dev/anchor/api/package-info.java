/**
 * The wire: records that cross the network between CLI/clients, coordinator and agents, the error
 * codes every failure carries, and the one strict JSON mapper all parties use. Jackson only.
 *
 * <p>Records here are plain values; the coordinator validates submissions field by field (so errors
 * can name the field) rather than in compact constructors.
 */
package dev.anchor.api;
