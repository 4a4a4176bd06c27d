/** A static 10-screen Flow (heading, text, input, dropdown and Footer on each screen) for the preview benchmark. */
export function tenScreenFlow(): Record<string, unknown> {
  const screens = Array.from({ length: 10 }, (_, i) => {
    const id = `STEP_${String.fromCharCode(65 + i)}`;
    const last = i === 9;
    const next = `STEP_${String.fromCharCode(66 + i)}`;
    return {
      id,
      title: `Step ${i + 1}`,
      ...(last ? { terminal: true } : {}),
      data: {},
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextHeading', text: `Heading ${i + 1}` },
          { type: 'TextBody', text: 'Please answer the questions below; they help us route your request.' },
          { type: 'TextInput', name: `answer_${i}`, label: `Answer ${i + 1}`, required: true },
          { type: 'Dropdown', name: `choice_${i}`, label: 'Choice', 'data-source': [{ id: 'a', title: 'Option A' }, { id: 'b', title: 'Option B' }, { id: 'c', title: 'Option C' }] },
          {
            type: 'Footer',
            label: last ? 'Done' : 'Continue',
            'on-click-action': last ? { name: 'complete', payload: { answer: `\${form.answer_${i}}` } } : { name: 'navigate', next: { type: 'screen', name: next }, payload: {} },
          },
        ],
      },
    };
  });
  return { version: '7.2', screens };
}
