import { memo } from 'react';
import type { Block, Cue, Inline } from '../../../../electron/shared/prompter';

const cueIcons: Record<Cue['type'], string> = { scene: '🎬', card: '🏷', deal: '⚡', mark: '◆', pause: '⏸', note: '✎' };

/** Product names for card and deal cues, by cue id (cues not in it show their argument). */
export type CueLabels = ReadonlyMap<string, string>;

/** A cue in the text: a small chip the reader sees (scene, card, deal...), measured as an anchor. */
function CueChip({ cue, label }: { cue: Cue; label: string | undefined }) {
  const text = label ?? cue.argument;
  return (
    <span className={`cue cue-${cue.type}`} data-cue-id={cue.id} data-cue-type={cue.type} title={label ? `${cue.type}: ${label} (${cue.argument})` : `${cue.type} ${cue.id}`}>
      <span aria-hidden>{cueIcons[cue.type]}</span>
      {text !== '' && <span className="cue-arg">{text}</span>}
    </span>
  );
}

function Inlines({ inlines, labels }: { inlines: Inline[]; labels: CueLabels | undefined }) {
  return (
    <>
      {inlines.map((inline, i) => {
        if (inline.kind === 'cue') return <CueChip key={i} cue={inline.cue} label={labels?.get(inline.cue.id)} />;
        let node: React.ReactNode = inline.text;
        if (inline.em) node = <em>{node}</em>;
        if (inline.strong) node = <strong>{node}</strong>;
        return <span key={i}>{node}</span>;
      })}
    </>
  );
}

/** The script's blocks as reading text (shared by the prompter and the editor's preview). */
export const ScriptBlocks = memo(function ScriptBlocks({ blocks, labels }: { blocks: Block[]; labels?: CueLabels }) {
  return (
    <>
      {blocks.map((block, i) =>
        block.kind === 'heading' ? (
          <div key={i} className={`script-heading level-${block.level}`} role="heading" aria-level={block.level}>
            <Inlines inlines={block.inlines} labels={labels} />
          </div>
        ) : (
          <p key={i} className="script-paragraph">
            <Inlines inlines={block.inlines} labels={labels} />
          </p>
        ),
      )}
    </>
  );
});
