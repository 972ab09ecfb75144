// System V semaphores: semget (private, its id replaced by the comparison), semctl SETVAL and
// GETVAL, semop with several operations and IPC_NOWAIT (EAGAIN), semtimedop timing out,
// IPC_RMID. Exits 0.
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/sem.h>
#include <time.h>

int main(void) {
  const int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  semctl(id, 0, SETVAL, 1);
  semctl(id, 0, GETVAL);
  struct sembuf ops[2] = {{0, -1, SEM_UNDO}, {1, 1, 0}};
  semop(id, ops, 2);
  struct sembuf wait_zero = {1, -2, IPC_NOWAIT};
  semop(id, &wait_zero, 1);
  struct timespec tiny = {0, 1000};
  struct sembuf take = {0, -1, 0};
  semtimedop(id, &take, 1, &tiny);
  semctl(id, 0, IPC_RMID);
  semget(0x7fff1234, 1, 0);
  return 0;
}
