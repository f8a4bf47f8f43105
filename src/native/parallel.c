/*
 * ple_parallel (parallel.h): a team of helper threads that persists between
 * calls.
 *
 * Why not a thread per part and call: starting and joining one took 45-75 µs
 * on a 2-vCPU VM, and 2 threads started per product ran the models' products
 * (0.2-2 ms each) no faster than 1. Why spin: waking a sleeping helper cost
 * up to ~0.2 ms there, so a helper that has finished its part polls its flag
 * for SPIN_NS before it sleeps; the products of a training step come a few
 * ms apart, and a 1024×256·256×256 product 1.5 ms after the last took
 * 1.2 ms with 5 ms of spin, 1.4 ms with 0.2 ms. (OpenBLAS's threads spin
 * longer still.) Every poll yields the CPU: while other processes filled the
 * cores, polling with a bare pause instruction kept the thread being waited
 * for off them, and 2 threads ran up to 20× slower than 1. Only products
 * run with more than one thread start helpers.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, sched_yield */
#include "parallel.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#define SPIN_NS 5000000 /* 5 ms */

/* A helper runs part (its index + 1) while its `go` is 1; the caller sets it, the helper clears it. */
struct helper {
  _Atomic int go;
  int started; /* under `team` */
};

static struct helper helpers[PLE_PARALLEL_MAX - 1];
/* held by the one caller whose parts the helpers run */
static pthread_mutex_t team = PTHREAD_MUTEX_INITIALIZER;
/* for the waits that outlast a spin: helpers on `wake` for their go, the caller on `done` for pending to reach 0 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER, done = PTHREAD_COND_INITIALIZER;
/* the call's work, written by the caller before it sets any go */
static void (*job_work)(void *, int);
static void *job_arg;
/* parts handed to helpers and not yet finished */
static _Atomic int pending;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Returns once *flag == want: polls for up to SPIN_NS, yielding between polls, then sleeps on cond (signalled under `lock`). */
static void await(_Atomic int *flag, int want, pthread_cond_t *cond) {
  const int64_t until = now_ns() + SPIN_NS;
  while (atomic_load_explicit(flag, memory_order_acquire) != want) {
    if (now_ns() > until) {
      pthread_mutex_lock(&lock);
      while (atomic_load_explicit(flag, memory_order_acquire) != want) pthread_cond_wait(cond, &lock);
      pthread_mutex_unlock(&lock);
      return;
    }
    sched_yield();
  }
}

static void *helper_main(void *arg) {
  struct helper *h = arg;
  const int part = (int)(h - helpers) + 1;
  for (;;) {
    await(&h->go, 1, &wake);
    job_work(job_arg, part);
    atomic_store_explicit(&h->go, 0, memory_order_relaxed); /* published by the release below */
    if (atomic_fetch_sub_explicit(&pending, 1, memory_order_acq_rel) == 1) {
      pthread_mutex_lock(&lock);
      pthread_cond_signal(&done);
      pthread_mutex_unlock(&lock);
    }
  }
  return NULL;
}

/* Starts helpers up to `wanted` (fewer if the system refuses one); returns how many there are. */
static int start_helpers(int wanted) {
  for (int i = 0; i < wanted; i++) {
    if (helpers[i].started) continue;
    pthread_t id;
    if (pthread_create(&id, NULL, helper_main, &helpers[i]) != 0) return i;
    pthread_detach(id);
    helpers[i].started = 1;
  }
  return wanted;
}

void ple_parallel(int count, void (*work)(void *arg, int i), void *arg) {
  if (count < 2 || pthread_mutex_trylock(&team) != 0) {
    for (int i = 0; i < count; i++) work(arg, i);
    return;
  }
  const int helped = start_helpers(count - 1);
  job_work = work;
  job_arg = arg;
  atomic_store_explicit(&pending, helped, memory_order_relaxed);
  for (int i = 0; i < helped; i++) atomic_store_explicit(&helpers[i].go, 1, memory_order_release);
  pthread_mutex_lock(&lock);
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&lock);
  work(arg, 0);
  for (int i = helped + 1; i < count; i++) work(arg, i); /* parts whose helper could not be started */
  await(&pending, 0, &done);
  pthread_mutex_unlock(&team);
}
