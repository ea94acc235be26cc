import http from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import { WebSocket, WebSocketServer } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../shared/error-codes.js';
import type { Logger } from '../logger.js';
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeUpdate,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  readSync,
} from './protocol.js';
import { decodeFrame, encodeFrame, RELAY_ORIGIN, type RelayFrame, type RelayLink } from './relay.js';

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** The origin of changes the server itself makes (structure, attendance, vote results). */
export const SERVER_ORIGIN = Symbol('server');

/** Extension points named for their moment (as in Hocuspocus). */
export interface CollabHooks {
  /**
   * Sees the upgrade request before anything else (the WebSocket is not accepted yet); an answer
   * refuses it with that HTTP response. Used for the Origin check against cross-site hijacking.
   */
  beforeUpgrade?(req: http.IncomingMessage): { status: number; body: string } | null;
  /** Decides who may open a document and whether they may write. Return a close code to refuse. */
  onAuthenticate(
    req: http.IncomingMessage,
    docName: string,
  ): Promise<{ readOnly: boolean; userId: number | null } | CloseCode>;
  /** Fills a fresh Y.Doc from storage before the first client syncs (STACK.md: load before the handshake). */
  onLoadDocument?(docName: string, doc: Y.Doc): Promise<void>;
  /** Sees every update from a writable connection before it is applied; a string refuses it (why). */
  beforeApplyUpdate?(docName: string, doc: Y.Doc, update: Uint8Array): string | null;
  /**
   * Called for every applied update, e.g. to persist it. `origin` is a WebSocket, SERVER_ORIGIN,
   * or RELAY_ORIGIN for another instance's update (which that instance stores).
   */
  onChange?(docName: string, update: Uint8Array, origin: unknown): void;
  /** Called when the last client left, before the doc is dropped from memory. */
  afterUnload?(docName: string, doc: Y.Doc): Promise<void>;
  /** Called once on shutdown, after every connection was closed. */
  onShutdown?(): Promise<void>;
}

interface Room {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  conns: Map<WebSocket, Set<number>>;
  /** Server-side work in progress (withDocument): keeps the room loaded without clients. */
  holds: number;
  /** Finalised: every connection is read-only from now on, whatever it was granted at upgrade. */
  frozen: boolean;
}

const PATH = /^\/yjs\/([A-Za-z0-9:_-]{1,100})$/;

/**
 * A small y-websocket-compatible server on y-protocols. Written rather than taken from
 * @y/websocket-server because authorisation and read-only enforcement must happen per message.
 */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 5 * 1024 * 1024 });
  private readonly rooms = new Map<string, Promise<Room>>();
  /** Rooms being written back after their last client left; a new load waits for them. */
  private readonly unloading = new Map<string, Promise<void>>();

  /** The other instances (relay.ts); null when this process is alone. */
  private relay: RelayLink | null = null;

  constructor(
    private readonly hooks: CollabHooks,
    private readonly logger: Logger,
  ) {}

  /** Documents held in memory (loaded or loading), for the metrics. */
  openDocuments(): number {
    return this.rooms.size;
  }

  /** Joins the cluster's relay: updates flow both ways for every document open here. */
  connectRelay(link: RelayLink): void {
    this.relay = link;
    link.subscribe((data) => void this.onRelayed(data));
    // Frames sent while Redis was away were dropped: ask again for every open document.
    link.onRecovered(() => {
      for (const [name, pending] of this.rooms)
        void pending.then(
          (room) => this.query(name, room),
          () => undefined,
        );
    });
  }

  private publish(frame: RelayFrame): void {
    this.relay?.publish(encodeFrame(frame));
  }

  private query(name: string, room: Room): void {
    this.publish({ kind: 'query', doc: name, stateVector: Y.encodeStateVector(room.doc) });
  }

  /** A frame from another instance; only documents open here are concerned. */
  private async onRelayed(data: Uint8Array): Promise<void> {
    const frame = decodeFrame(data);
    const pending = frame && this.rooms.get(frame.doc);
    if (!frame || !pending) return;
    const room = await pending.catch(() => null);
    if (!room) return;
    if (frame.kind === 'update') {
      // A finalised record takes nothing more, from anywhere.
      if (!room.frozen) Y.applyUpdate(room.doc, frame.update, RELAY_ORIGIN);
    } else if (frame.kind === 'query') {
      const missing = Y.encodeStateAsUpdate(room.doc, frame.stateVector);
      // An empty update is 2 bytes (no structs, empty delete set): nothing to tell.
      if (missing.length > 2) this.publish({ kind: 'update', doc: frame.doc, update: missing });
    } else if (frame.kind === 'freeze') {
      room.frozen = true;
    } else {
      for (const ws of room.conns.keys()) ws.close(frame.code, frame.reason);
    }
  }

  /** Returns true when the upgrade was for us (a /yjs/ path). */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (!pathname.startsWith('/yjs/')) return false;
    const refusal = this.hooks.beforeUpgrade?.(req);
    if (refusal) {
      socket.on('error', () => undefined);
      socket.end(
        `HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(refusal.body)}\r\nConnection: close\r\n\r\n${refusal.body}`,
      );
      return true;
    }
    const match = PATH.exec(pathname);
    void (async () => {
      let verdict: Awaited<ReturnType<CollabHooks['onAuthenticate']>> | CloseCode = CLOSE_CODES.notFound;
      let room: Room | null = null;
      try {
        if (match) {
          verdict = await this.hooks.onAuthenticate(req, match[1]!);
          if ('readOnly' in verdict) room = await this.room(match[1]!);
        }
      } catch (err) {
        this.logger.error({ err }, 'yjs upgrade failed');
        verdict = CLOSE_CODES.forbidden;
      }
      // Held until attached, so the room cannot unload between loading and the first client.
      // The handshake can also fail (the socket went away meanwhile): release on close too.
      let held = room !== null;
      const release = () => {
        if (!held || !room) return;
        held = false;
        room.holds--;
        void this.maybeUnload(match![1]!, room);
      };
      if (room) {
        room.holds++;
        socket.once('close', release);
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        release();
        if (!room || !('readOnly' in verdict)) {
          const code = verdict as CloseCode;
          ws.close(code.code, code.reason);
          return;
        }
        this.attach(ws, match![1]!, room, verdict.readOnly);
      });
    })();
    return true;
  }

  private room(name: string): Promise<Room> {
    let pending = this.rooms.get(name);
    if (!pending) {
      pending = (async () => {
        await this.unloading.get(name);
        const doc = new Y.Doc({ gc: true });
        await this.hooks.onLoadDocument?.(name, doc);
        const awareness = new awarenessProtocol.Awareness(doc);
        awareness.setLocalState(null);
        const room: Room = { doc, awareness, conns: new Map(), holds: 0, frozen: false };
        doc.on('update', (update: Uint8Array, origin: unknown) => {
          this.hooks.onChange?.(name, update, origin);
          if (origin !== RELAY_ORIGIN) this.publish({ kind: 'update', doc: name, update });
          const message = encodeUpdate(update);
          for (const ws of room.conns.keys()) if (ws !== origin) this.send(ws, message);
        });
        awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
          const changed = [...added!, ...updated!, ...removed!];
          const owned = origin instanceof WebSocket ? room.conns.get(origin) : undefined;
          if (owned) {
            for (const id of added!) owned.add(id);
            for (const id of removed!) owned.delete(id);
          }
          const message = encodeAwareness(awareness, changed);
          for (const ws of room.conns.keys()) this.send(ws, message);
        });
        // What the others hold and the database does not have yet (their last batch window).
        this.query(name, room);
        return room;
      })();
      pending.catch(() => this.rooms.delete(name));
      this.rooms.set(name, pending);
    }
    return pending;
  }

  /**
   * Runs server-side work on a document — loaded from storage first if no client has it open —
   * and keeps it in memory meanwhile. Changes made inside `doc.transact(fn, SERVER_ORIGIN)` reach
   * every connected client and the onChange hook like any edit.
   */
  async withDocument<T>(name: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = await this.room(name);
    room.holds++;
    try {
      return await fn(room.doc);
    } finally {
      room.holds--;
      await this.maybeUnload(name, room);
    }
  }

  /** The in-memory document, if some client or server work has it open. */
  async loaded(name: string): Promise<Y.Doc | null> {
    const pending = this.rooms.get(name);
    return pending ? (await pending).doc : null;
  }

  /** Makes every connection of a loaded document read-only from now on (a finalised record). */
  async freeze(name: string): Promise<void> {
    this.publish({ kind: 'freeze', doc: name });
    const pending = this.rooms.get(name);
    if (pending) (await pending).frozen = true;
  }

  /** Closes every connection to a document with the given code (e.g. 4410 once finalised). */
  async disconnectAll(name: string, code: CloseCode): Promise<void> {
    this.publish({ kind: 'close', doc: name, code: code.code, reason: code.reason });
    const pending = this.rooms.get(name);
    if (!pending) return;
    for (const ws of (await pending).conns.keys()) ws.close(code.code, code.reason);
  }

  private attach(ws: WebSocket, name: string, room: Room, readOnly: boolean): void {
    room.conns.set(ws, new Set());
    ws.binaryType = 'arraybuffer';
    const guard = this.hooks.beforeApplyUpdate
      ? (update: Uint8Array) => this.hooks.beforeApplyUpdate!(name, room.doc, update)
      : undefined;
    ws.on('message', (data: ArrayBuffer) => {
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC) {
          const outcome = readSync(decoder, room.doc, readOnly || room.frozen, ws, guard);
          if (outcome.kind === 'rejected') {
            this.logger.warn({ doc: name, reason: outcome.reason, detail: outcome.detail }, 'yjs message rejected');
            const code =
              outcome.reason === 'protected'
                ? CLOSE_CODES.protectedContent
                : outcome.reason === 'malformed'
                  ? { code: 1003, reason: 'Malformed' }
                  : room.frozen
                    ? CLOSE_CODES.finalised
                    : CLOSE_CODES.readOnly;
            ws.close(code.code, code.reason);
          } else if (outcome.message) this.send(ws, outcome.message);
        } else if (type === MESSAGE_AWARENESS) {
          // Presence (names, cursors) is for writers: a viewer could otherwise pose as an editor.
          if (readOnly || room.frozen) return;
          awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), ws);
        } else if (type === MESSAGE_QUERY_AWARENESS) {
          this.send(ws, encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]));
        }
      } catch (err) {
        this.logger.warn({ err, doc: name }, 'malformed yjs message');
        ws.close(1003, 'Malformed');
      }
    });
    ws.on('close', () => void this.detach(ws, name, room));
    this.send(ws, encodeSyncStep1(room.doc));
    const states = [...room.awareness.getStates().keys()];
    if (states.length) this.send(ws, encodeAwareness(room.awareness, states));
  }

  private async detach(ws: WebSocket, name: string, room: Room): Promise<void> {
    const ids = room.conns.get(ws);
    room.conns.delete(ws);
    if (ids?.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...ids], null);
    await this.maybeUnload(name, room);
  }

  private async maybeUnload(name: string, room: Room): Promise<void> {
    // Awaited first: the caller may still be attaching a connection in the same tick.
    if ((await this.rooms.get(name)) !== room || room.conns.size > 0 || room.holds > 0) return;
    this.rooms.delete(name);
    const done = (async () => {
      try {
        await this.hooks.afterUnload?.(name, room.doc);
      } catch (err) {
        this.logger.error({ err, doc: name }, 'unloading yjs document failed');
      } finally {
        room.doc.destroy();
      }
    })();
    this.unloading.set(name, done);
    await done;
    if (this.unloading.get(name) === done) this.unloading.delete(name);
  }

  private send(ws: WebSocket, message: Uint8Array): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(message, (err) => err && ws.terminate());
  }

  /**
   * Closes every connection with a "restarting" hint so y-websocket clients reconnect, waits (up
   * to 2 s) for them to go so their documents unload and are written back, then stores the rest.
   */
  async close(): Promise<void> {
    const clients = [...this.wss.clients];
    const gone = Promise.all(clients.map((ws) => new Promise((resolve) => ws.once('close', resolve))));
    for (const ws of clients) ws.close(CLOSE_CODES.restarting.code, CLOSE_CODES.restarting.reason);
    const timer = setTimeout(() => clients.forEach((ws) => ws.terminate()), 2000);
    await gone;
    clearTimeout(timer);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    // Detaching is asynchronous: let the last unloads register before waiting for them.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(this.unloading.values());
    await this.hooks.onShutdown?.();
  }
}
