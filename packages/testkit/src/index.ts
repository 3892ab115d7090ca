export { assertWal2json } from './assert-wal2json';
export { createPostgis } from './create-postgis';
export { destroyClusterSync, postmasterPid, processAlive } from './cluster-cleanup';
export type { TestDatabase } from './create-test-database';
export { createTestDatabase, testDatabaseName } from './create-test-database';
export { envServerInfo } from './env-server-info';
export { findPgBin } from './find-pg-bin';
export { freePort } from './free-port';
export type {
  LocalPgServer,
  PgServer,
  PgServerInfo,
  PgServerKind,
  ServerConfig,
  ServerSettings,
  StartPostgresOptions,
} from './pg-server';
export type { BinName, BinResult, RunBinOptions } from './run-bin';
export { BIN_NAMES, binPath, collect, feed, runBin, spawnBin } from './run-bin';
export type { PipelineResult, RunPipelineOptions } from './run-pipeline';
export { runPipeline } from './run-pipeline';
export { serverHandle, serverSettings, serverUrl } from './server-handle';
export { DEFAULT_TEST_IMAGE, startContainerPostgres } from './start-container-postgres';
export type { LocalPostgresOptions } from './start-local-postgres';
export { startLocalPostgres } from './start-local-postgres';
export { NO_POSTGRES_HELP, startPostgres } from './start-postgres';
export type { OpenedTestDatabase } from './test-database';
export { openTestDatabase, SERVER_ENV, sharedPostgres, testDatabase } from './test-database';
export { TMPDIR_ENV, writeJsonTemp } from './write-json-temp';
export type { SshBastion, SshClientKey } from './ssh-bastion';
export { startSshBastion } from './ssh-bastion';
export type { ReplicaOptions } from './start-replica';
export { startReplica } from './start-replica';
export { createTlsRoles, TLS_ROLES, tlsServerConfig, UNNAMED_LOOPBACK, writeTlsHba } from './tls-cluster';
export type { TlsFiles } from './tls-files';
export { CERT_ROLE, generateTlsFiles } from './tls-files';
export { findSecrets } from './secret-scan';
export type { CatalogMetadataEntry, CatalogShape, StreamChoice, StreamChoices } from './select-streams';
export { choose, discoverCatalog, selectStreams } from './select-streams';
export type { OnChunk, WaitForOutputOptions } from './watch-output';
export { atOutput, runBinWatched, signalAt, waitForOutput } from './watch-output';
export { failure, failureProblems } from './failure';
export type { Destination } from './log-based-pipeline';
export { destinations, differences, logBasedCatalog, readState, runDestination, tapConfig } from './log-based-pipeline';
export type { SlurmCluster } from './slurm-cluster';
export { startSlurm } from './slurm-cluster';
export { settleTransactions } from './settle-transactions';
export type { DirLockOptions } from './dir-lock';
export { withDirLock } from './dir-lock';
export type { PythonVenv, PythonVenvOptions } from './python-venv';
export { ensurePythonVenv, PYTHON_CACHE_ENV, PYTHON_ENV } from './python-venv';
