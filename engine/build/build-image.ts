// Builds one image from a folder under engine/image, streaming progress.
import path from 'node:path';
import type Docker from 'dockerode';
import type { Say } from '../host/commands.ts';
import { imageDir, listFiles } from './inputs.ts';
import { followProgress } from './progress.ts';

export interface BuildRequest {
  folder: string;
  tag: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
}

export async function buildImage(docker: Docker, request: BuildRequest, say: Say): Promise<void> {
  const context = path.join(imageDir, request.folder);
  const stream = await docker.buildImage(
    { context, src: await listFiles(context) },
    { t: request.tag, buildargs: request.buildArgs, labels: request.labels, rm: true, forcerm: true },
  );
  await followProgress(docker, stream, say, `[${path.basename(request.folder)}]`);
}

export async function imageExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).inspect();
    return true;
  } catch {
    return false;
  }
}
