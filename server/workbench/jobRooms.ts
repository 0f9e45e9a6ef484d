// Which sockets hear a job's live events: the job's own room (a job followed by id), every job's (admins), its
// starter's, and its data set's, which holds the members following every job while that data set is shared with the
// class. Kept in step with sharing, so a member's all-jobs subscription hears the jobs GET /jobs lists for them and
// none on a data set they cannot read.
import type { Server, Socket } from "socket.io";
import { LOCAL_USER, type SessionUser } from "../../contract/auth";
import type { ClientToServerEvents, ServerToClientEvents } from "../../contract/protocol";
import type { Job } from "../../contract/workbench";
import { canSee, type SocketIdentity } from "../identity";
import type { WorkbenchStore } from "./store";

type AppIo = Server<ClientToServerEvents, ServerToClientEvents>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export const jobRoom = (jobId: string) => `job:${jobId}`;
const ALL_JOBS_ROOM = "jobs";
const userJobsRoom = (userId: string) => `jobs:user:${userId}`;
const datasetJobsRoom = (datasetId: string) => `jobs:dataset:${datasetId}`;
/** Members' sockets following every job they may read: a data set shared from now on adds its room to them. */
const MEMBERS_ROOM = "jobs:members";

/** The rooms a job's events go to (a socket in several hears each event once). */
export function jobEventRooms(job: Job): string[] {
  const rooms = [jobRoom(job.id), ALL_JOBS_ROOM, userJobsRoom(job.params.userId ?? LOCAL_USER.id)];
  if (job.params.datasetId) rooms.push(datasetJobsRoom(job.params.datasetId));
  return rooms;
}

/** The data sets shared with the class that this member reads (their own shared ones too: harmless). */
async function sharedIds(store: WorkbenchStore, user: SessionUser): Promise<string[]> {
  return (await store.listDatasets({ userId: user.id })).filter((d) => d.shared).map((d) => d.id);
}

/** Puts the socket where it hears every job its user may read: all of them for an admin. */
export async function followAllJobs(
  socket: AppSocket,
  user: SessionUser,
  store: WorkbenchStore,
): Promise<void> {
  if (user.role === "admin") return socket.join(ALL_JOBS_ROOM);
  // The members' room first: a data set shared while the list below is read still reaches this socket.
  await socket.join([MEMBERS_ROOM, userJobsRoom(user.id)]);
  const shared = await sharedIds(store, user);
  await socket.join(shared.map(datasetJobsRoom));
  // A data set unshared between that read and the join found the socket not yet in its room: read again.
  const still = new Set(await sharedIds(store, user));
  for (const id of shared) if (!still.has(id)) await socket.leave(datasetJobsRoom(id));
}

/** Leaves every room `followAllJobs` may have joined (a job followed by id stays followed). */
export async function unfollowAllJobs(socket: AppSocket): Promise<void> {
  for (const room of [...socket.rooms]) {
    if (room === ALL_JOBS_ROOM || room.startsWith("jobs:")) await socket.leave(room);
  }
}

/**
 * Sharing changed: members following every job start or stop hearing this data set's jobs, on every instance
 * (socket.io's adapter carries the joins). Unshared, a job on it that a member followed by id is left too, unless
 * the member started it (they still read their own job, as GET /jobs/:id says).
 */
export async function sharingChanged(
  io: AppIo,
  datasetId: string,
  shared: boolean,
  jobsOfDataset: () => Promise<Job[]>,
): Promise<void> {
  const room = datasetJobsRoom(datasetId);
  if (shared) {
    io.in(MEMBERS_ROOM).socketsJoin(room);
    return;
  }
  io.in(room).socketsLeave(room);
  for (const job of await jobsOfDataset()) {
    for (const socket of await io.in(jobRoom(job.id)).fetchSockets()) {
      const user = (socket.data as Partial<SocketIdentity> | undefined)?.user;
      if (!user || !canSee(user, job.params.userId)) socket.leave(jobRoom(job.id));
    }
  }
}
