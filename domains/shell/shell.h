/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shell.h -- the shell's modules and its capability registers.
 *
 * The shell is an ordinary persistent program: every variable it has is
 * in its own pages, which the kernel checkpoints, so its pairs, grants,
 * banks and history survive a crash as they were at the last committed
 * generation, and it picks up where it was.  Nothing is saved or loaded.
 *
 *   main.c     first start, the main loop, restarts, checkpoints it takes
 *   line.c     the line editor: keys, history, completion
 *   cmds.c     the command table: parsing, help, errors
 *   sys.c      seeing the system: ps, bank, ckpt, gen, uptime, objects
 *   kv.c       the key-value store, in pages from its own sub-bank
 *   grants.c   revocable copies of the service, held by the client
 *   banks.c    the shell's sub-banks: newbank, dropbank, bank
 *   out.c      aligned tables and one-line errors
 *
 * Capability registers (disk-image/cairn.map fills 0-11; R_BANKS and
 * R_GRANTS are nodes the shell allocates at its first start):
 */
#ifndef SHELL_H
#define SHELL_H

#include <stdbool.h>
#include <stdint.h>
#include "cairn/cairn.h"

enum {
	R_CKPT = 8,       /* Checkpoint */
	R_SPACE = 9,      /* Node capability to the shell's own Space root */
	R_SERVICE = 10,   /* Start capability to the demo service */
	R_CLIENT = 11,    /* Start capability to the demo client */
	R_BANKS = 12,     /* node: the shell's sub-banks, slot = bank index */
	R_GRANTS = 13,    /* node: the grants' forwarder handles, slot = grant */
	R_T0 = 16,        /* scratch, R_T0 .. R_T0 + R_SCRATCH - 1 */
	R_SCRATCH = 4,
};

#define SH_NAME_MAX 23     /* pairs, grants and banks: [A-Za-z0-9_.-]{1,23} */
#define SH_SPACE_HEIGHT 4  /* of the shell's Space tree (stack at the top) */

/* main.c */
/* Take a checkpoint and say where: false (and the restart notice
 * printed) when it returns after a restart from that generation. */
bool sh_durable(uint64_t *gen);
/* Called while waiting for a key: flush, sleep a little, notice a
 * restart (returns true if it printed the restart notice). */
bool sh_idle(void);

/* line.c */
#define LINE_MAX 120
#define HIST_MAX 32
/* Read one line with editing; NULL if it was refused (an error line was
 * printed).  The line stays valid until the next call. */
const char *line_read(void);
void line_history_print(void);

/* cmds.c */
void cmds_run(const char *line);
/* Names the word being completed may be: calls add() with each. */
void cmds_complete(const char *line, unsigned word_start, void (*add)(const char *));
bool cmds_name_ok(const char *name, const char *what);

/* out.c */
void out_error(const char *fmt, ...) FMT_PRINTF(1, 2);
/* A table: column heads and alignment ('l' or 'r' per column), then
 * ncols cells a row, then out_end() prints it aligned. */
void out_table(const char *align, ...);
void out_cell(const char *fmt, ...) FMT_PRINTF(1, 2);
void out_end(void);
/* "n:5", "p:12" (as cairn-dump names objects); buf of 24 bytes. */
const char *out_oid(uint64_t oid, char *buf);
/* "1.2 s", "3 min 4 s", "2 h 5 min"; buf of 32 bytes. */
const char *out_ms(uint64_t ms, char *buf);

/* sys.c */
void sys_ps(void);
void sys_ckpt(void);
void sys_gen(void);
void sys_uptime(void);
void sys_objects(void);

/* kv.c */
void kv_set(const char *name, const char *value);
void kv_get(const char *name);
void kv_ls(void);
void kv_rm(const char *name);
void kv_names(void (*add)(const char *));

/* banks.c */
#define BANKS_MAX 16
#define SH_VOID_SLOT 31    /* a slot of R_BANKS that stays Void */
#define BANK_KV 0          /* the key-value store's pages */
#define BANK_GRANTS 1      /* grants made without naming a bank */
#define KV_PAGE_LIMIT 2    /* the kv bank's limit: 64 pairs */
int banks_setup(void);
/* Bank index of name (-1, with an error printed, if none). */
int banks_find(const char *name);
const char *banks_name(int i);
/* The bank's capability into register to. */
int banks_get(int i, capreg_t to);
void banks_list(void);
void banks_new(const char *name, const char *limit);
void banks_drop(const char *name);
void banks_names(void (*add)(const char *));

/* grants.c */
void grant_make(const char *name, const char *bank);
void grant_list(void);
void grant_revoke(const char *name);
void grant_block(const char *name);
void grant_unblock(const char *name);
void grant_call(const char *name);
void grant_names(void (*add)(const char *));
/* Bank i is gone: its grants are void; their names, comma-separated,
 * into buf. */
void grant_bank_dropped(int bank, char *buf, size_t len);

#endif
