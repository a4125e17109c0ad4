import { formatAmount, type MinorAmount } from '../../../../electron/shared/money';
import './amounts.css';

/** Each currency on its own line, with its code beside it (¥ alone could be yen or yuan). */
export function Amounts({ amounts, locale, testId }: { amounts: MinorAmount[]; locale: string; testId?: string }) {
  if (amounts.length === 0) return <span data-testid={testId}>—</span>;
  return (
    <span className="amounts" data-testid={testId}>
      {amounts.map((a) => (
        <span key={a.currency} className="amount" data-currency={a.currency}>
          {formatAmount(a, locale)} <span className="currency-code">{a.currency}</span>
        </span>
      ))}
    </span>
  );
}
