import { el } from './dom';

export interface CountdownProps {
  /** ms since epoch */
  until: number;
  /** ms the bar spans: full at `until - total`, empty at `until` */
  total: number;
  label: string;
}

/** mm:ss until `until`, redrawn four times a second, with a bar that runs down. */
export class Countdown {
  readonly element: HTMLDivElement;
  private readonly label = el('span', { className: 'countdown-label' });
  private readonly clock = el('span', { className: 'countdown-clock' });
  private readonly fill = el('div', { className: 'countdown-fill' });
  private props: CountdownProps;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(props: CountdownProps) {
    this.props = props;
    this.element = el('div', { className: 'countdown', 'data-testid': 'overlay-countdown' }, [
      this.label,
      this.clock,
      el('div', { className: 'countdown-bar' }, [this.fill]),
    ]);
    this.update(props);
  }

  /** New figures from a newer card (same deal); the ticking restarts when the end time moved. */
  update(props: CountdownProps): void {
    const moved = props.until !== this.props.until;
    this.props = props;
    this.label.textContent = props.label;
    this.draw();
    if (moved || this.timer === undefined) {
      clearInterval(this.timer);
      this.timer = setInterval(() => this.draw(), 250);
    }
  }

  destroy(): void {
    clearInterval(this.timer);
    this.element.remove();
  }

  private draw(): void {
    const { until, total } = this.props;
    const now = Date.now();
    const left = Math.max(0, Math.ceil((until - now) / 1000));
    const fraction = total > 0 ? Math.min(1, Math.max(0, (until - now) / total)) : 0;
    this.element.className = left <= 10 ? 'countdown urgent' : 'countdown';
    this.clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    this.fill.style.width = `${(fraction * 100).toFixed(1)}%`;
  }
}
