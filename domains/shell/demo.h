/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * demo.h -- what the shell, the demo service and the demo client say to
 * each other (disk-image/cairn.map wires them up).
 *
 * The service stands for any server whose capability is worth sharing.
 * The shell holds its Start capability and never gives it away: `grant
 * NAME` gives the client a revocable copy (a forwarder the shell's bank
 * pays for, docs/forwarders.md), and `call NAME` asks the client to use
 * that copy.  The client cannot tell a copy from the real thing, and
 * cannot keep the service once the copy is revoked.
 *
 *   service   OC_SERVICE_HELLO  -> w0 how many calls it has answered
 *             (persistent: a static variable), w1 the badge it saw
 *             (the grant's data word: its slot + 1)
 *   client    OC_CLIENT_TAKE    w0 slot, c0 a capability -> ; kept in
 *                               slot of its copies node
 *             OC_CLIENT_CALL    w0 slot -> w0 the rc of its call of that
 *                               copy (made without waiting: RC_BUSY if
 *                               the copy is blocked), w1 w2 the reply
 *                               words
 */
#ifndef CAIRN_DEMO_H
#define CAIRN_DEMO_H

#define DEMO_SLOTS 8            /* copies the client can hold */

enum {
	OC_SERVICE_HELLO = 1,
};

enum {
	OC_CLIENT_TAKE = 1,
	OC_CLIENT_CALL = 2,
};

#endif
