import { requestAPI } from '../request';

/** An AI assistant installed beside the server, and what of its context is guarded. */
export interface IAssistantState {
  name: string;
  package: string;
  version: string | null;
  guarded: boolean;
  covered: string;
  not_covered: string;
}

export interface IAssistantsReply {
  assistants: IAssistantState[];
  agent_server: { command: string; available: boolean; tools: string[] };
}

/** A grant an agent asked for over MCP; a person decides on it here. */
export interface IGrantRequest {
  id: string;
  env: string;
  secret: string;
  target: string;
  requested_by: string;
  reason: string;
  requested_at: number;
  state: 'pending' | 'approved' | 'denied';
}

export function getAssistants(): Promise<IAssistantsReply> {
  return requestAPI<IAssistantsReply>('assistants');
}

export async function pendingGrantRequests(): Promise<IGrantRequest[]> {
  return (await requestAPI<{ requests: IGrantRequest[] }>('grant-requests')).requests;
}

export function decideGrantRequest(
  id: string,
  decision: 'approve' | 'deny'
): Promise<IGrantRequest> {
  return requestAPI<IGrantRequest>(`grant-requests/${encodeURIComponent(id)}`, {
    method: 'POST',
    body: JSON.stringify({ decision })
  });
}
