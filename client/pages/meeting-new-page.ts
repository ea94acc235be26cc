import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { BodyView } from '../../shared/schemas/bodies.js';
import type { MeetingStaff } from '../../shared/schemas/meeting.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { navigate } from '../app/router.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import { createMeeting, meetingStaff } from '../data/meetings.js';
import { listOrganisations, treeOrder } from '../data/organisations.js';
import { listBodies } from '../data/register.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { MeetingSaveEvent, OrganisationPickEvent } from '../components/meeting-form.js';
import '../components/meeting-form.js';

/** @summary A new meeting (a draft): the form, then on to its page to build the agenda and invite people. */
@customElement('yishi-meeting-new-page')
export class MeetingNewPage extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @state() private orgs: OrganisationView[] = [];
  @state() private staff: MeetingStaff['items'] = [];
  @state() private bodies: BodyView[] = [];
  @state() private fields: FieldError[] = [];
  @state() private error = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void (async () => {
      try {
        this.orgs = await listOrganisations();
        // Meetings are held by villages and communities; the form starts on the first one.
        const first = treeOrder(this.orgs).find(({ org }) => org.kind === 'village') ?? treeOrder(this.orgs)[0];
        if (first) await this.pick(first.org.id);
      } catch (err) {
        this.error = errorMessage(err);
      }
    })();
  }

  @state() private picked = 0;

  private async pick(organisationId: number): Promise<void> {
    this.picked = organisationId;
    // Only villages and communities keep bodies; elsewhere the list is simply empty.
    void listBodies(organisationId).then(
      (bodies) => (this.bodies = organisationId === this.picked ? bodies : this.bodies),
      () => (this.bodies = []),
    );
    try {
      this.staff = await meetingStaff(organisationId);
      this.error = '';
    } catch (err) {
      this.staff = [];
      this.error = errorMessage(err);
    }
  }

  private async save(e: MeetingSaveEvent): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const created = await createMeeting(e.body);
      navigate(`/meetings/${created.id}`);
    } catch (err) {
      this.error = errorMessage(err);
      this.fields = fieldErrors(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<h1>${t('meeting.new.title')}</h1>
      <div role="alert" class="error" data-test="meeting-error">${this.error}</div>
      <yishi-meeting-form
        .organisations=${this.orgs}
        .organisationId=${this.picked}
        .staff=${this.staff}
        .bodies=${this.bodies}
        .fields=${this.fields}
        ?busy=${this.busy}
        @organisation-pick=${(e: OrganisationPickEvent) => this.pick(e.organisationId)}
        @meeting-save=${this.save}
        @cancel=${() => navigate('/meetings')}
      ></yishi-meeting-form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-meeting-new-page': MeetingNewPage;
  }
}
