/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ata_queue.c -- the disk's request queue (hal.h: struct hal_disk_req).
 *
 *        urgent requests          the rest, in order
 *   head [r r] ---------------- [r r r r] tail        active: the one the
 *                                                     drive works on
 *
 * The drive does one request at a time.  A request becomes active when
 * the one before it completes; it is moved in one or more commands (PIO:
 * up to 65536 sectors each, run to the end synchronously, the device
 * interrupt masked; DMA: one PRD table each, ata_dma.c), and completes
 * when its last command ends or one fails.  An urgent request -- a read
 * some trap waits for -- goes ahead of every non-urgent one that has not
 * started, so it waits at most for the request in flight: the checkpoint
 * writer can queue long runs of writes without starving object faults.
 *
 * Completions are noticed by whoever looks first:
 *   - hal_disk_poll(): a synchronous caller waiting for its request
 *     (interrupts are off in the kernel, so it polls the drive);
 *   - ata_irq(): IRQ 14, once hal_disk_start_irq() has cleared nIEN
 *     (DMA only); the interrupt is the end of a command;
 *   - ata_tick(): every timer tick, for a lost interrupt and for the
 *     timeout of a request that never ends.
 * Each runs the same step: if the active command has ended, start the
 * request's next command or complete it -- err set, state DONE, its
 * done() called, kern_disk_event() -- and start the next request.  An
 * interrupt that finds nothing ended (its command was already completed
 * by a poll) is ignored.
 *
 * Every command runs under a TSC deadline (ATA_TIMEOUT_MS, a flush
 * ATA_FLUSH_TIMEOUT_MS); past it the request fails with
 * HAL_DISK_ETIMEDOUT and the drive is reset before the next one.
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"
#include "arch/i386/ata.h"

#define ATA_IRQ 14

static struct {
	struct hal_disk_req *active, *head, *tail;
	struct ata_cursor cur;     /* of the active request */
	uint64_t lba;              /* of its next command */
	uint32_t left;             /* its sectors not yet in a command */
	uint64_t deadline;         /* of the command in flight */
	struct hal_disk_stats stats;
} q;

/* Why r cannot be queued, or 0. */
static int
req_check(const struct hal_disk_req *r)
{
	uint64_t bytes = 0;

	if (!ata.present)
		return HAL_DISK_ENODEV;
	if (r->op == HAL_DISK_FLUSH)
		return 0;
	if (r->count > ata.sectors || r->lba > ata.sectors - r->count)
		return HAL_DISK_ERANGE;
	for (uint32_t i = 0; i < r->nseg; i++) {
		const struct hal_disk_seg *s = &r->seg[i];
		if (s->bytes % HAL_DISK_SECTOR_SIZE || ((uintptr_t)s->buf & 1) ||
		    (uint64_t)(uintptr_t)s->buf + s->bytes > UINTPTR_MAX + 1ull)
			return HAL_DISK_EINVAL;
		bytes += s->bytes;
	}
	return bytes == (uint64_t)r->count * HAL_DISK_SECTOR_SIZE ? 0 : HAL_DISK_EINVAL;
}

static void
finish(struct hal_disk_req *r, int err)
{
	r->err = err;
	r->state = HAL_DISK_DONE;
	if (r->done)
		r->done(r);
	kern_disk_event();
}

/* Issue the active request's next DMA command, or its flush. */
static int
issue_next(struct hal_disk_req *r)
{
	uint32_t n;
	int err;

	q.stats.commands++;
	if (r->op == HAL_DISK_FLUSH) {
		ata_dma_clear_irq();
		q.deadline = ata_deadline(ATA_FLUSH_TIMEOUT_MS);
		q.left = 0;
		return ata_issue(CMD_FLUSH_EXT, 0, 0);
	}
	q.deadline = ata_deadline(ATA_TIMEOUT_MS);
	err = ata_dma_start(r, &q.cur, q.lba, q.left, &n);
	q.lba += n;
	q.left -= n;
	return err;
}

/* The active request failed or is over: complete it. */
static void
complete_active(int err)
{
	struct hal_disk_req *r = q.active;

	q.active = NULL;
	finish(r, ata_recover(err));
}

/* Start queued requests until one is in flight (PIO and refused ones
 * complete on the spot). */
static void
start_next(void)
{
	while (!q.active && q.head) {
		struct hal_disk_req *r = q.head;
		q.head = r->next;
		if (!q.head)
			q.tail = NULL;
		r->state = HAL_DISK_ACTIVE;
		q.active = r;
		q.cur = (struct ata_cursor){ 0, 0 };
		q.lba = r->lba;
		q.left = r->count;
		int err = ata.dma ? issue_next(r) : ata_pio_run(r);
		if (err || !ata.dma)
			complete_active(err);
	}
}

static void
enqueue(struct hal_disk_req *r)
{
	struct hal_disk_req **pp = &q.head;

	if (!r->urgent)
		pp = q.tail ? &q.tail->next : &q.head;
	else
		while (*pp && (*pp)->urgent)
			pp = &(*pp)->next;
	r->next = *pp;
	*pp = r;
	if (!r->next)
		q.tail = r;
}

void
hal_disk_submit(struct hal_disk_req *r)
{
	int err = req_check(r);

	r->err = 0;
	r->next = NULL;
	if (err) {
		finish(r, err);
		return;
	}
	r->state = HAL_DISK_QUEUED;
	q.stats.requests++;
	enqueue(r);
	start_next();
}

/* Has the active command ended?  ATA_BUSY, or its result. */
static int
active_status(void)
{
	int st = q.active->op == HAL_DISK_FLUSH ? ((inb(ATA_CTRL) & ST_BSY) ? ATA_BUSY : ata_wait_done(0))
						: ata_dma_poll();

	if (st == ATA_BUSY && hal_rdtsc() > q.deadline) {
		if (q.active->op != HAL_DISK_FLUSH)
			ata_dma_stop();
		return HAL_DISK_ETIMEDOUT;
	}
	return st;
}

bool
hal_disk_poll(void)
{
	if (!q.active)
		return false;
	int err = active_status();
	if (err == ATA_BUSY)
		return false;
	if (!err && q.left) {
		err = issue_next(q.active);     /* the request's next command */
		if (!err)
			return true;
	}
	complete_active(err);
	start_next();
	return true;
}

void
hal_disk_wait(struct hal_disk_req *r)
{
	while (r->state != HAL_DISK_DONE)
		if (!hal_disk_poll())
			__asm__ volatile("pause");
}

bool
hal_disk_busy(void)
{
	return q.active || q.head;
}

void
ata_irq(void)
{
	if (hal_disk_poll())
		q.stats.irq_completions++;
}

void
hal_disk_stats(struct hal_disk_stats *out)
{
	*out = q.stats;
}

void
ata_tick(void)
{
	if (ata.irq && hal_disk_poll())
		q.stats.tick_completions++;
}

void
hal_disk_start_irq(void)
{
	if (!ata.present || !ata.dma || ata.irq)
		return;
	ata.irq = true;
	ata_set_ctrl();
	pic_unmask(ATA_IRQ);
}

/* ------------------------------------------------ synchronous requests */

static int
sync_request(uint8_t op, uint64_t lba, uint32_t count, void *buf)
{
	struct hal_disk_seg seg = { buf, count * HAL_DISK_SECTOR_SIZE };
	struct hal_disk_req r = { .op = op, .urgent = 1, .nseg = 1, .seg = &seg,
				  .lba = lba, .count = count };

	if (op != HAL_DISK_FLUSH && (uint64_t)count * HAL_DISK_SECTOR_SIZE > UINT32_MAX)
		return count > ata.sectors ? HAL_DISK_ERANGE : HAL_DISK_EINVAL;
	hal_disk_submit(&r);
	hal_disk_wait(&r);
	return r.err;
}

int
hal_disk_read(uint64_t lba, uint32_t count, void *buf)
{
	return sync_request(HAL_DISK_READ, lba, count, buf);
}

int
hal_disk_write(uint64_t lba, uint32_t count, const void *buf)
{
	return sync_request(HAL_DISK_WRITE, lba, count, (void *)(uintptr_t)buf);
}

int
hal_disk_flush(void)
{
	return sync_request(HAL_DISK_FLUSH, 0, 0, NULL);
}
