import type { TermList } from './error-terms';
import type { ErrorCode } from './errors';

/**
 * Every error the host can raise, by a stable key: its transport code (HTTP status, retry rules) and its
 * English text. The host fills the English text for REST clients and logs; the UI translates the key from
 * locales/<lang>/errors.json with the same {{parameters}} (a unit test keeps the files in step with this list).
 */
/**
 * `terms` names the params whose value is a word of a list in error-terms.ts (a deal's state...): the UI
 * says that word in its language. A param `reason: 'osError'` is said from the code in `reasonCode`.
 * A param `<name>Key` beside `<name>` names another text of this registry that `<name>` is the English of
 * (a failed reconnect inside "lost the connection"): the UI says that one in its language too.
 */
export interface ErrorText {
  code: ErrorCode;
  en: string;
  terms?: Readonly<Record<string, TermList>>;
}

export const errorTexts = {
  // Transports and the dispatcher
  'request.untrusted_frame': { code: 'forbidden', en: 'IPC from an untrusted frame was refused.' },
  'request.not_json_text': { code: 'bad_request', en: 'Messages must be JSON text.' },
  'request.bad_envelope': { code: 'bad_request', en: 'A request is {"id", "method", "params"}.' },
  'request.malformed_url': { code: 'bad_request', en: 'Malformed request URL.' },
  'request.host_not_served': { code: 'forbidden', en: 'Host "{{host}}" is not served here. Use http://127.0.0.1:{{port}}/.' },
  'request.token_required': { code: 'unauthorized', en: 'A valid token is required.' },
  'request.page_forbidden': { code: 'forbidden', en: 'This token may not open this page.' },
  'request.not_found': { code: 'not_found', en: 'Not found.' },
  'request.unknown_path': { code: 'not_found', en: 'Unknown API path. Use POST /api/v1/<method>.' },
  'request.wrong_token': {
    code: 'unauthorized',
    en: 'Missing or wrong token. Send "Authorization: Bearer <token>" with the token printed at start.',
  },
  'request.use_post': { code: 'bad_request', en: 'Use POST for {{path}} (got {{method}}).' },
  'request.json_content_type': { code: 'bad_request', en: 'Send the body as JSON with "Content-Type: application/json".' },
  'request.body_not_json': { code: 'bad_request', en: 'The body is not valid JSON: {{reason}}' },
  'request.body_too_large': { code: 'payload_too_large', en: 'The body is larger than {{megabytes}} MB.' },
  'request.unknown_method': { code: 'unknown_method', en: 'Unknown method "{{method}}". Call system.info for the list of methods.' },
  'request.scope_forbidden': { code: 'forbidden', en: 'This token ({{scope}}) may not call {{method}}.' },
  /** Any input that fails its method's zod schema: `fields` lists each wrong field's path with zod's words. */
  'request.invalid_input': { code: 'bad_request', en: '{{method}}: Invalid input. {{fields}}' },
  'request.no_handler': { code: 'internal', en: '{{method}} has no handler in this host.' },
  'host.invalid_output': { code: 'internal', en: 'The host produced invalid data: {{problem}}' },
  'host.internal': { code: 'internal', en: '{{reason}}' },
  'host.no_result': { code: 'internal', en: 'The host answered without a result.' },
  'host.link_lost': { code: 'unavailable', en: 'The connection to the host was lost.' },
  'host.not_connected': { code: 'unavailable', en: 'Not connected to the host. Check that it is running; the page reconnects by itself.' },
  'host.call_timeout': { code: 'timeout', en: '{{method}} got no answer in {{seconds}} s.' },

  // Database
  'db.cannot_open': { code: 'unavailable', en: 'Cannot open the database {{file}}: {{reason}}', terms: { reason: 'osError' } },
  'db.newer_schema': {
    code: 'invalid_state',
    en:
      'The database {{file}} was written by a newer version of Broadcart Studio (schema {{version}}, this app knows up to {{latest}}). ' +
      'Update the app, or start it with another data folder. The file was not changed.',
  },
  'db.damaged': {
    code: 'invalid_state',
    en:
      'The database {{file}} is damaged or is not a Broadcart Studio database ({{reason}}). ' +
      'It was left untouched: move it away to start with an empty data folder, or restore a backup.',
  },

  // Catalog
  'catalog.product_not_found_id': { code: 'not_found', en: 'No product with id {{id}}.' },
  'catalog.product_not_found_sku': { code: 'not_found', en: 'No product with SKU {{sku}}.' },
  'catalog.sku_taken': { code: 'conflict', en: 'Another product already uses SKU {{sku}}. Pick a unique SKU.' },

  // Cards, deals, rundown, webhook, overlay
  'card.refused_compliance': {
    code: 'invalid_state',
    en: 'This card breaks rules of market {{market}}: {{reasons}} Fix the product texts, or pin it with an override reason (it is logged).',
  },
  'card.no_price_in_market': {
    code: 'bad_request',
    en: '{{sku}} has no price in market {{market}}. Add one in the catalog, or pin it for: {{markets}}.',
  },
  'webhook.secret_too_short': { code: 'bad_request', en: 'The secret is too short: use whsec_ followed by base64 of at least 24 random bytes.' },
  'overlay.not_built': { code: 'not_found', en: 'The overlay page is not built (run npm run build).' },
  'rundown.item_not_found': { code: 'not_found', en: 'No rundown item {{id}}. Reload the rundown.' },
  'rundown.item_elsewhere': { code: 'bad_request', en: 'That item belongs to another rundown.' },
  'deal.not_found': { code: 'not_found', en: 'No deal with id {{id}}. Call deal.list for the deals.' },
  'deal.no_price_in_market': {
    code: 'bad_request',
    en: '{{sku}} has no price in market {{market}}. Add one in the catalog, or pick one of: {{markets}}.',
  },
  'deal.code_not_found': {
    code: 'not_found',
    en: 'No deal has the code {{dealCode}}. Create one with that code on the Catalog page, or call deal.list for the codes.',
  },
  'deal.start_in_past': { code: 'bad_request', en: 'startAt is in the past. Give a future time, or leave it out and call deal.start.' },
  /** `reasons` is the English list of broken rules; `details.violations` lets the UI say each one itself. */
  'deal.refused_price': { code: 'bad_request', en: '{{reasons}} Lower the deal price, or give an override reason (it is logged).' },
  'deal.refused_price_at_start': { code: 'invalid_state', en: '{{reasons}} Lower the deal price, or give an override reason (it is logged).' },
  'deal.refused_compliance': {
    code: 'invalid_state',
    en: 'This deal breaks rules of market {{market}}: {{reasons}} Fix the deal, or start it with an override reason (it is logged).',
  },
  'deal.code_taken': {
    code: 'conflict',
    en: 'The code {{dealCode}} is already used by a {{state}} deal for {{sku}}. Pick another code, or end or cancel that deal first.',
    terms: { state: 'dealState' },
  },
  'deal.cannot_start': { code: 'invalid_state', en: 'The deal is {{state}}; only a scheduled deal can start. Create a new deal to run it again.', terms: { state: 'dealState' } },
  'deal.cannot_end': { code: 'invalid_state', en: 'The deal is {{state}}; only a deal in countdown or live can end. Use deal.cancel for a scheduled one.', terms: { state: 'dealState' } },
  'deal.already_finished': { code: 'invalid_state', en: 'The deal already finished ({{state}}).', terms: { state: 'dealState' } },
  'deal.stock_final': { code: 'invalid_state', en: 'The deal already finished ({{state}}); its stock can no longer change.', terms: { state: 'dealState' } },
  'deal.sell_not_live': { code: 'invalid_state', en: 'Units can be sold only while the deal is live (it is {{state}}).', terms: { state: 'dealState' } },
  'deal.sold_over_stock': { code: 'bad_request', en: 'Only {{stock}} units are left; cannot record {{sold}} sold.' },
  'deal.sold_over_buyer_limit': { code: 'bad_request', en: 'One buyer may take at most {{limit}}; record each order separately.' },

  // OBS requests
  /** `reason` is the English text of the connection's state, `reasonKey` its key. */
  'obs.not_connected': { code: 'unavailable', en: 'OBS is not connected. {{reason}}' },
  'obs.request_timeout': { code: 'timeout', en: 'OBS did not answer {{requestType}} within {{timeoutMs}} ms.' },
  'obs.lost_during_request': { code: 'unavailable', en: 'OBS connection lost during {{requestType}}.' },
  'obs.connection_lost': { code: 'unavailable', en: 'OBS connection lost ({{reason}}).', terms: { reason: 'obsCloseReason' } },
  'obs.refused_not_ready': { code: 'unavailable', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). OBS is still loading; try again in a moment.' },
  'obs.refused_unknown_request': { code: 'bad_request', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). This OBS does not know that request; update OBS.' },
  'obs.refused_bad_field': { code: 'bad_request', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). A field of the request was missing or wrong.' },
  'obs.refused_running': { code: 'invalid_state', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). It is already running.' },
  'obs.refused_not_running': { code: 'invalid_state', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). It is not running.' },
  'obs.refused_studio_mode_on': { code: 'invalid_state', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). Turn studio mode off first.' },
  'obs.refused_studio_mode_off': { code: 'invalid_state', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). Turn studio mode on first.' },
  'obs.refused_state': { code: 'invalid_state', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). OBS is not in a state that allows this.' },
  'obs.refused_not_found': { code: 'not_found', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). Check the name in OBS.' },
  'obs.refused_exists': { code: 'conflict', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). Pick another name.' },
  'obs.refused_source': { code: 'invalid_state', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). OBS cannot do this with that source.' },
  'obs.refused_other': { code: 'internal', en: 'OBS refused {{requestType}} (code {{obsCode}}{{comment}}). OBS could not do it; see the OBS log.' },
  'obs.no_scene': { code: 'not_found', en: 'OBS has no scene named "{{sceneName}}".{{known}}' },
  'obs.no_preview_studio_off': {
    code: 'invalid_state',
    en: 'Studio mode is off, so OBS has no preview scene. Turn studio mode on, or use obs.setProgramScene.',
  },
  'obs.transition_needs_studio_mode': { code: 'invalid_state', en: 'Transition needs studio mode: turn it on, pick a preview scene, then transition.' },
  'obs.no_preview_scene': { code: 'invalid_state', en: 'OBS has no preview scene to transition to.' },
  'obs.not_on_program': { code: 'conflict', en: 'OBS did not put "{{sceneName}}" on program. Check OBS and try again.' },
  'obs.no_transition': { code: 'not_found', en: 'OBS has no transition named "{{transitionName}}".{{known}}' },
  'obs.no_program_scene': { code: 'unavailable', en: 'OBS has no program scene yet. Connect to OBS first.' },
  'obs.no_source': { code: 'not_found', en: 'Scene "{{sceneName}}" has no source named "{{sourceName}}" (or the scene does not exist).' },
  'obs.no_scene_item': { code: 'not_found', en: 'Scene "{{sceneName}}" has no scene item {{sceneItemId}} (or the scene does not exist).' },
  'obs.output_running': { code: 'invalid_state', en: '{{output}} is already running in OBS.', terms: { output: 'obsOutput' } },
  'obs.output_not_running': { code: 'invalid_state', en: '{{output}} is not running in OBS, so there is nothing to stop.', terms: { output: 'obsOutput' } },

  // OBS connection states (shown in the connection panel; the code only matters if one is thrown)
  'obs.state_not_connected': { code: 'unavailable', en: 'Not connected to OBS.' },
  'obs.state_disconnected': { code: 'unavailable', en: 'Disconnected from OBS.' },
  'obs.state_host_stopped': { code: 'unavailable', en: 'The studio host stopped.' },
  'obs.state_connecting': { code: 'unavailable', en: 'Connecting to OBS at {{url}}…' },
  'obs.state_connected': { code: 'unavailable', en: 'Connected to {{where}}.' },
  'obs.state_reconnected': { code: 'unavailable', en: 'Reconnected to {{where}} after {{seconds}} s.' },
  'obs.state_lost_reconnecting': { code: 'unavailable', en: 'Lost the connection to OBS ({{reason}}). Reconnecting…', terms: { reason: 'obsCloseReason' } },
  /** `failure` is the English text of the failed reconnect, `failureKey` its key (obs.refused_connection...). */
  'obs.state_lost_retrying': { code: 'unavailable', en: 'Lost the connection to OBS. {{failure}}' },
  'obs.wrong_password': {
    code: 'unauthorized',
    en: 'OBS rejected the password. Check it in OBS under Tools → WebSocket Server Settings and enter it again.',
  },
  'obs.password_missing': {
    code: 'unauthorized',
    en: 'OBS asks for a password and none is set. Enter the password shown in OBS under Tools → WebSocket Server Settings.',
  },
  'obs.wrong_protocol_version': { code: 'unavailable', en: 'This OBS speaks another obs-websocket version. Use OBS 28 or newer (obs-websocket 5).' },
  'obs.refused_connection': {
    code: 'unavailable',
    en: 'Nothing answers at {{url}}: OBS is not running, or its WebSocket server is off (Tools → WebSocket Server Settings → Enable), or it uses another port. Retrying…',
  },
  'obs.unresolved': { code: 'unavailable', en: 'The address {{url}} does not resolve. Check the computer name or IP of the OBS machine. Retrying…' },
  'obs.unreachable': {
    code: 'unavailable',
    en: 'No answer from {{url}}: the OBS computer is off, on another network, or a firewall blocks the port. Retrying…',
  },
  'obs.not_obs_websocket': {
    code: 'unavailable',
    en: 'Something at {{url}} answered, but it is not obs-websocket 5. Check the port (OBS 28+ uses 4455 by default).',
  },
  'obs.connect_failed': { code: 'unavailable', en: 'Could not connect to OBS at {{url}} ({{reason}}). Retrying…' },

  // Prompter
  'prompter.script_not_found': { code: 'not_found', en: 'No script with id {{id}}. Call prompter.listScripts for the ids.' },
  'prompter.script_not_found_delete': { code: 'not_found', en: 'No script with id {{id}} to delete.' },
  'prompter.script_not_found_save': { code: 'not_found', en: 'No script with id {{id}}; leave id out to create one.' },
  'compliance.context_not_found': { code: 'not_found', en: 'No {{what}} to check against: leave productId/dealId out, or give one that exists.' },
  'compliance.no_disclosure_pending': { code: 'conflict', en: 'No disclosure reminder is waiting: there is nothing to acknowledge.' },
  'compliance.disclosure_reminder_gone': {
    code: 'conflict',
    en: 'Reminder {{id}} is no longer the one waiting (it was acknowledged, or a newer one came): acknowledge the one shown now.',
  },
  'prompter.product_not_found': { code: 'bad_request', en: 'No product with id {{id}}; pick one from catalog.listProducts, or leave productId out.' },
  'prompter.lead_without_variant': {
    code: 'bad_request',
    en: 'The lead language {{language}} has no variant; add its text or pick one of {{languages}}.',
  },
  'prompter.file_language_unknown': { code: 'bad_request', en: 'Which language is this file? Give "language", or put "language: es" in its front matter.' },
  'prompter.variant_missing': { code: 'not_found', en: 'The script has no {{language}} variant; it has {{languages}}.' },
  'prompter.cohost_lead_forbidden': {
    code: 'forbidden',
    en: 'A co-host link can join only as a follower lane; the lead lane needs the control token.',
  },
  'prompter.lane_not_found': { code: 'not_found', en: 'No lane {{laneId}} (it may have left already).' },
  'prompter.lane_not_own': { code: 'forbidden', en: 'A co-host device may leave only its own lane.' },
  'prompter.cue_action_timeout': { code: 'timeout', en: '{{method}} did not answer within {{seconds}} s.' },
  'prompter.not_loaded': { code: 'invalid_state', en: 'No script is loaded. Load one first with prompter.load {scriptId}.' },
  'prompter.lead_variant_missing': {
    code: 'bad_request',
    en: 'The script has no {{language}} variant; it has {{languages}}. Pick one of those as the lead language.',
  },
  'prompter.speed_out_of_range': { code: 'bad_request', en: 'Speed {{value}} {{unit}} is out of range; use {{min}} to {{max}} {{unit}}.', terms: { unit: 'speedUnit' } },
  'prompter.cue_not_found': { code: 'not_found', en: 'No cue with id "{{cueId}}" in the lead variant. prompter.state lists the cues.' },
  'prompter.cue_without_action': { code: 'bad_request', en: 'A [[{{cueType}}]] cue has no action to fire; only scene, card, deal and mark cues do.' },
  'prompter.rehearsal_no_fire': {
    code: 'invalid_state',
    en: 'Rehearsal mode is on, so cues fire no action. Turn rehearsal off (prompter.setRehearsal) to fire a cue.',
  },
  'prompter.cue_index_past_end': { code: 'bad_request', en: '{{field}} {{cueIndex}} is past the last cue ({{last}}).' },
  'prompter.mark_not_found': { code: 'not_found', en: 'No [[mark:{{mark}}]] in this script (in any language).' },
  'prompter.no_mark_after': { code: 'not_found', en: 'There is no mark after the reading line.' },
  'prompter.no_mark_before': { code: 'not_found', en: 'There is no mark before the reading line.' },
  'prompter.version_not_found': { code: 'not_found', en: 'The script has no version "{{version}}"; it has {{versions}}.' },

  // Platform connections (TikTok Shop, Shopify, YouTube, Twitch). `platform` is the platform's name,
  // `reason` the platform's own words, `code` its error code (or "none").
  'platform.not_found': { code: 'not_found', en: 'No platform connection {{id}}. Call platform.list for the connections.' },
  'platform.other_platform': {
    code: 'bad_request',
    en: 'Connection {{id}} is a {{platform}} connection; it cannot become {{other}}. Add a new connection instead.',
  },
  'platform.not_supported': {
    code: 'invalid_state',
    en: '{{platform}} is not supported by this version of Broadcart Studio yet: the connection is kept, but nothing is sent to it. Update the app.',
  },
  'platform.switched_off': { code: 'invalid_state', en: '"{{label}}" is switched off. Switch it on first.' },
  'platform.credentials_unreadable': {
    code: 'invalid_state',
    en: 'The saved sign-in of "{{label}}" could not be read ({{reason}}). Enter the credentials again.',
  },
  'platform.no_products': { code: 'bad_request', en: '{{platform}} has no products to link: only shops (TikTok Shop, Shopify) do.' },
  'platform.sign_in_tiktok-shop': {
    code: 'invalid_state',
    en: 'Not signed in: enter the app key and app secret of your TikTok Shop app, then the authorization code from its authorization page.',
  },
  'platform.sign_in_shopify': {
    code: 'invalid_state',
    en: 'Not signed in: enter the shop domain and the Admin API access token of your custom app (scopes write_discounts, read_products).',
  },
  'platform.sign_in_youtube': {
    code: 'invalid_state',
    en: 'Not signed in: enter your Google desktop client id and secret, then sign in with Google in the browser.',
  },
  'platform.sign_in_twitch': {
    code: 'invalid_state',
    en: 'Not signed in: enter your Twitch client id, then sign in with the code shown here.',
  },
  'platform.no_auth_code': {
    code: 'bad_request',
    en: 'Give the authorization code from the TikTok Shop authorization page (authCode).',
  },
  'platform.connected': { code: 'internal', en: 'Connected as {{account}}.' },
  'platform.off': { code: 'internal', en: 'Switched off: nothing is sent to it.' },
  'platform.checking': { code: 'internal', en: 'Checking the sign-in…' },
  'platform.waiting_for_sign_in': { code: 'internal', en: 'Waiting for the sign-in to finish in the browser or on the other device…' },
  'platform.auth_failed': {
    code: 'invalid_state',
    en: '{{platform}} refused the sign-in ({{reason}}). It may have been revoked or have expired: sign in again.',
  },
  'platform.unreachable': { code: 'unavailable', en: '{{platform}} could not be reached ({{reason}}). Retrying by itself.' },
  'platform.unavailable': { code: 'unavailable', en: '{{platform}} is not answering properly ({{reason}}). Retrying by itself.' },
  'platform.throttled': { code: 'unavailable', en: '{{platform}} asks to slow down ({{reason}}). Retrying by itself in {{seconds}} s.' },
  'platform.refused': { code: 'bad_request', en: '{{platform}} refused: {{reason}} (code {{code}}).' },
  'platform.misconfigured': { code: 'bad_request', en: '{{reason}}' },
  'platform.device_expired': {
    code: 'invalid_state',
    en: 'The sign-in code expired before it was entered. Press "Sign in" again for a new code.',
  },
  'platform.oauth_unknown_state': {
    code: 'bad_request',
    en: 'This sign-in page is unknown or has expired. Start the sign-in again from Settings > Platforms.',
  },
  'platform.oauth_not_local': { code: 'forbidden', en: 'Sign-in answers are taken only from this computer.' },
  'platform.oauth_denied': { code: 'bad_request', en: 'The sign-in was cancelled or refused ({{reason}}). Start it again from Settings > Platforms.' },
  'platform.oauth_done': { code: 'internal', en: 'Signed in to {{platform}} as {{account}}. You can close this tab.' },
  'platform.match_none_sku': { code: 'internal', en: 'No product on the shop has the SKU {{sku}}.' },
  'platform.match_linked': { code: 'internal', en: 'Linked to "{{title}}".' },
  'platform.match_ambiguous': {
    code: 'internal',
    en: '{{count}} products on the shop have the SKU {{sku}}: link the right one by hand (platform.linkProduct).',
  },
  'platform.match_kept_manual': { code: 'internal', en: 'Kept the link set by hand (the shop has "{{title}}" with this SKU too).' },

  // Session log
  'session.not_found': { code: 'not_found', en: 'No session with id {{id}}. Call session.list to see the sessions.' },
  'session.none_live': { code: 'invalid_state', en: 'No session is live, so there is nothing to {{action}}. Start one with session.start.', terms: { action: 'sessionAction' } },
  'session.cannot_write': {
    code: 'unavailable',
    en:
      'Cannot {{action}}: the session log cannot write to the database ({{reason}}). ' +
      '{{pending}} events are kept in memory; free disk space and try again.',
    terms: { action: 'sessionWrite', reason: 'osError' },
  },
  'session.deleting': { code: 'conflict', en: 'This session is already being deleted.' },
  'session.preflight_blocked': {
    code: 'invalid_state',
    en: 'The pre-flight for market {{market}} found {{count}} errors: {{reasons}} Fix them, or start with an override reason (it is logged with the findings).',
  },
  'session.already_live': {
    code: 'conflict',
    en: 'Session "{{title}}" is already live (since {{since}}). End it with session.end before starting another.',
  },
  'session.cannot_end': { code: 'invalid_state', en: 'Session "{{title}}" is not live or interrupted; it is {{status}}.', terms: { status: 'sessionStatus' } },
  'session.other_live_resume': { code: 'conflict', en: 'Session "{{title}}" is live; end it before resuming another.' },
  'session.cannot_resume': { code: 'invalid_state', en: 'Only an interrupted session can be resumed; "{{title}}" is {{status}}.', terms: { status: 'sessionStatus' } },
  'session.live_delete': { code: 'invalid_state', en: 'Session "{{title}}" is live; end it before deleting it.' },
  'session.export_cancelled': { code: 'unavailable', en: 'The session log has stopped, so the export was cancelled.' },
  'session.export_stopped': { code: 'unavailable', en: 'The session log stopped before the export was finished.' },
  'session.export_failed': { code: 'unavailable', en: 'The export could not read and render the session: {{reason}}. No file was written; try again.' },
  'session.export_folder_unusable': {
    code: 'bad_request',
    en: 'Cannot export into {{folder}}: it is not a folder that can be created or written ({{reason}}).',
    terms: { reason: 'osError' },
  },
  'session.export_write_failed': {
    code: 'unavailable',
    en: 'Cannot write the export into {{folder}} ({{reason}}): check the folder and the free disk space.',
    terms: { reason: 'osError' },
  },
  'session.download_method': { code: 'bad_request', en: 'Use GET to download an export.' },
  'session.download_gone': { code: 'not_found', en: 'This export is not available any more: export the session again.' },
  'session.import_no_file': {
    code: 'not_found',
    en: 'There is no file at {{name}}. Give the full path of a .bcsession file made by session.export.',
  },
  'session.import_not_a_file': { code: 'bad_request', en: '{{name}} is not a file.' },
  'session.import_invalid_line': { code: 'bad_request', en: '{{name}} is not a valid session archive (line {{line}}: {{reason}}). Nothing was imported.' },
  'session.import_newer_version': {
    code: 'bad_request',
    en: '{{name}} was made by a newer Broadcart Studio (archive version {{version}}). Update this app to import it.',
  },
  'session.import_not_gzip': {
    code: 'bad_request',
    en: '{{name}} is not a session archive (it is not a gzip file, or it is damaged). Nothing was imported.',
  },
  'session.import_unreadable': { code: 'bad_request', en: '{{name}} could not be read: {{reason}}. Nothing was imported.', terms: { reason: 'osError' } },
  'session.import_empty': { code: 'bad_request', en: '{{name}} is empty: it is not a session archive. Nothing was imported.' },
  'session.import_live_here': { code: 'conflict', en: 'Session "{{title}}" is live on this PC; end it before importing a copy of it.' },
  'session.upload_method': { code: 'bad_request', en: 'Send the archive as the body of a POST request.' },
  'session.upload_too_large': { code: 'bad_request', en: 'The file is larger than 2 GB: it is not a session archive.' },
  'session.upload_incomplete': { code: 'bad_request', en: 'The upload of {{name}} did not complete ({{reason}}). Nothing was imported.', terms: { reason: 'osError' } },
  // Platforms: pushes and announcements
  'platform.template_placeholder': {
    code: 'bad_request',
    en: 'The {{moment}} template ({{language}}) uses {{placeholder}}: use {product}, {price}, {code} or {minutesLeft}.',
    terms: { moment: 'announcementMoment' },
  },
  'platform.template_empty': { code: 'bad_request', en: 'The {{moment}} template ({{language}}) is empty: write a text, or leave it out to keep the default.', terms: { moment: 'announcementMoment' } },
  'platform.template_not_compliant': {
    code: 'bad_request',
    en: 'The {{moment}} template ({{language}}) breaks a rule in {{market}}: {{message}} ({{source}})',
    terms: { moment: 'announcementMoment' },
  },
  'platform.template_too_long': {
    code: 'bad_request',
    en: 'The {{moment}} template ({{language}}) can reach {{length}} characters with a long product name; {{platform}} chat takes at most {{limit}}. Shorten it.',
    terms: { moment: 'announcementMoment' },
  },
  // Chat (comments in, the dock, the pinned comment)
  'chat.not_found': { code: 'not_found', en: 'No comment {{id}}: it may have been forgotten or removed. Call chat.list for the comments.' },
  'chat.pin_empty': {
    code: 'invalid_state',
    en: 'Comment {{id}} has no text left (removed after the chat retention): it cannot be pinned. Pin a newer comment.',
  },
  'chat.follow_needs_stream': {
    code: 'bad_request',
    en: 'Only a WebSocket connection or an app window hears events, so only they can narrow their chat: call chat.followQuestions over /ws.',
  },
  // Chat readers of platform connections (audience.status sources: messageCode)
  'audience.chat_no_broadcast': { code: 'unavailable', en: 'No live broadcast on this channel yet: its chat is read as soon as one starts.' },
  'audience.chat_disabled': { code: 'unavailable', en: "Chat is turned off for this broadcast: turn it on in the platform's studio; it is read as soon as it is on." },
  'audience.chat_ended': { code: 'unavailable', en: "The broadcast's chat has ended: the next broadcast's chat is read by itself." },
  'audience.chat_quota': { code: 'unavailable', en: "The platform's daily API quota is used up: reading resumes by itself when it comes back." },
  'audience.chat_throttled': { code: 'unavailable', en: 'The platform asks to read more slowly: reading resumes by itself.' },
  'audience.chat_reconnecting': { code: 'unavailable', en: 'The link to the chat was lost: reconnecting by itself.' },
  'audience.chat_sign_in': { code: 'unauthorized', en: 'The platform no longer accepts the sign-in, so its chat is not read: sign in again in Settings > Platforms.' },
  'audience.chat_failed': { code: 'unavailable', en: 'Reading the chat failed; trying again by itself.' },
  // Fleet: the central PostgreSQL store (fleet.status error keys; thrown by fleet.configure and fleet:setup)
  'fleet.schema_too_new': {
    code: 'invalid_state',
    en: 'The central database has fleet schema version {{version}}; this app knows up to {{latest}}. Update Broadcart Studio on this PC. Nothing was changed on the server.',
  },
  'fleet.schema_missing': {
    code: 'invalid_state',
    en: 'The central database has fleet schema version {{version}}; this app needs {{latest}}. Ask the manager to run: npm run fleet:setup -- <admin URL>.',
  },
  'fleet.bad_url': {
    code: 'bad_request',
    en: 'The fleet address {{reason}}. Give a PostgreSQL URL such as postgres://studio1@db.example.com:5432/broadcart?sslmode=verify-full.',
  },
  'fleet.ca_pem_invalid': { code: 'bad_request', en: 'The file chosen is not a PEM certificate: it has no -----BEGIN CERTIFICATE----- line. Choose the server\'s CA certificate, a PEM file.' },
  'fleet.ca_pem_unreadable': { code: 'bad_request', en: 'The certificate in the file chosen cannot be read ({{reason}}). Choose the server\'s CA certificate, a PEM file.' },
  'fleet.ca_file_unreadable': { code: 'bad_request', en: 'Cannot read the CA file {{file}} ({{reason}}). Give the path of the server\'s CA certificate, a PEM file.' },
  'fleet.wrong_password': { code: 'unauthorized', en: 'The central database refused the sign-in of {{user}}: wrong user name or password. Check them in Settings > Fleet.' },
  'fleet.tls_failed': { code: 'unavailable', en: 'The secure connection to the central database failed: {{reason}}. Check sslmode in the address and the CA file.' },
  'fleet.unreachable': { code: 'unavailable', en: 'Cannot reach the central database at {{host}} ({{reason}}). The studio keeps logging here; sync resumes by itself.' },
  'fleet.login_refused': { code: 'forbidden', en: 'The central database does not take this login for this studio: {{reason}}' },
  'fleet.server_full': { code: 'unavailable', en: 'The central database is out of disk space: sync resumes when the manager frees space. ({{reason}})' },
  'fleet.review_fixed': { code: 'conflict', en: 'This host was started with --central: it reviews that central database for the whole run. Start it without --central to switch the review in Settings.' },
  'fleet.failed': { code: 'unavailable', en: 'Sync to the central database failed: {{reason}}. Trying again by itself.' },
} as const satisfies Record<string, ErrorText>;

export type ErrorKey = keyof typeof errorTexts;
export type ErrorParams = Readonly<Record<string, string | number>>;
