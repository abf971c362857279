/*
 * runstat: run a command, print its wall time and peak RSS.
 *
 *   runstat OUTFILE CMD [ARG...]
 *
 * Forks, execs CMD directly (no shell in between, so the peak is the
 * command's own), waits with wait4 and writes to OUTFILE one line:
 *
 *   <wall seconds> <peak RSS KiB (ru_maxrss)> <exit status> <CPU seconds>
 *
 * CPU seconds = user + system time of the command (and of the children it
 * waited for): less disturbed than wall time when the machine is shared.
 *
 * The command's stdin/stdout/stderr are inherited: redirect them around
 * runstat. Exit status: the command's (128+signal when killed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: runstat OUTFILE CMD [ARG...]\n");
    return 127;
  }
  FILE *out = fopen(argv[1], "w");
  if (!out) {
    fprintf(stderr, "runstat: %s: %s\n", argv[1], strerror(errno));
    return 127;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) return 127;
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    fprintf(stderr, "runstat: %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }
  int status;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0)
    if (errno != EINTR) return 127;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  fprintf(out, "%.6f %ld %d %.6f\n", wall, ru.ru_maxrss, code, cpu);
  fclose(out);
  return code;
}
