// Labels on everything the image build creates, so an operator (and a later
// clean-up) can tell Dockyard's objects from anyone else's.
import type { ImagePlan } from './inputs.ts';

export const IMAGE_ROLE_LABEL = 'dockyard.image-role';
export const IMAGE_HASH_LABEL = 'dockyard.image-hash';

export function ownLabels(plan: Pick<ImagePlan, 'hash'>, role: string): Record<string, string> {
  return { [IMAGE_ROLE_LABEL]: role, [IMAGE_HASH_LABEL]: plan.hash };
}
