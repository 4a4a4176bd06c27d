import type { ComponentSpec, PropertySpec } from './property-spec.js';
import { LINK_ACTIONS } from './actions.js';
import { visible } from './common-properties.js';

const textChanges = [{ since: '5.1', type: ['string', 'array'], items: { type: 'string' } }] as const;

const bodyProperties = {
  'font-weight': { type: 'string', enum: ['bold', 'italic', 'bold_italic', 'normal'], description: 'Font weight.' },
  strikethrough: { type: 'boolean', description: 'Whether the text is struck through.' },
  markdown: { type: 'boolean', since: '5.1', default: false, dynamic: false, description: 'Whether the text uses limited markdown.' },
  visible,
} as const satisfies Record<string, PropertySpec>;

/** Text, image and link components (spec §2.1, §2.2, §2.8, §2.11, §2.12). */
export const DISPLAY_COMPONENTS = {
  TextHeading: {
    description: 'Top-level heading.',
    since: '2.1',
    isInput: false,
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    properties: { text: { type: 'string', required: true, translatable: true, maxLength: 80, notBlank: true, description: 'Heading text.' }, visible },
  },
  TextSubheading: {
    description: 'Subheading.',
    since: '2.1',
    isInput: false,
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    properties: { text: { type: 'string', required: true, translatable: true, maxLength: 80, notBlank: true, description: 'Subheading text.' }, visible },
  },
  TextBody: {
    description: 'Body text.',
    since: '2.1',
    isInput: false,
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    properties: {
      text: { type: 'string', required: true, translatable: true, maxLength: 4096, notBlank: true, description: 'Body text (an array of paragraphs from 5.1).', changes: textChanges },
      ...bodyProperties,
    },
  },
  TextCaption: {
    description: 'Caption text.',
    since: '2.1',
    isInput: false,
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    properties: {
      // ⚠ Meta's limits table prints 409, almost certainly a truncated 4096 (pywa: 4096); we use 4096.
      text: { type: 'string', required: true, translatable: true, maxLength: 4096, notBlank: true, description: 'Caption text (an array of paragraphs from 5.1).', changes: textChanges },
      ...bodyProperties,
    },
  },
  RichText: {
    description: 'Markdown text: headings, lists, links, inline images and tables.',
    since: '5.1',
    isInput: false,
    properties: {
      text: { type: ['string', 'array'], required: true, translatable: true, items: { type: 'string', translatable: true }, description: 'Markdown (an array item per paragraph).' },
      visible,
    },
  },
  EmbeddedLink: {
    description: 'A link that triggers an action.',
    since: '2.1',
    isInput: false,
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    maxPerScreen: 2,
    properties: {
      // ⚠ Meta's Components page says 25 characters, pywa 35. Meta's own sign-in example (pywa v2_1
      // sign_in, in the corpus) has a 30-character link, so Meta accepts more than 25: we use 35.
      text: { type: 'string', required: true, translatable: true, maxLength: 35, notBlank: true, description: 'Link text.' },
      'on-click-action': { type: 'object', required: true, actions: LINK_ACTIONS, description: 'Action when the link is pressed.' },
      visible,
    },
  },
  Image: {
    description: 'An image (base64 JPEG or PNG).',
    since: '2.1',
    isInput: false,
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    maxPerScreen: 3,
    properties: {
      src: { type: 'string', required: true, format: 'base64', description: 'Base64 image data (≤ 300 KB recommended).' },
      width: { type: 'integer', min: 0, description: 'Width.' },
      height: { type: 'integer', min: 0, description: 'Height.' },
      'scale-type': { type: 'string', enum: ['cover', 'contain'], default: 'contain', description: 'How the image fills its box.' },
      'aspect-ratio': { type: 'number', default: 1, description: 'Aspect ratio.' },
      'alt-text': { type: 'string', translatable: true, description: 'Accessibility text.' },
      visible,
    },
  },
  ImageCarousel: {
    description: 'Up to 3 images the customer swipes through.',
    since: '7.1',
    isInput: false,
    maxPerScreen: 2,
    properties: {
      images: {
        type: 'array',
        required: true,
        minItems: 1,
        maxItems: 3,
        description: 'The images.',
        items: {
          type: 'object',
          properties: {
            src: { type: 'string', required: true, format: 'base64', description: 'Base64 image data.' },
            'alt-text': { type: 'string', required: true, translatable: true, description: 'Accessibility text.' },
          },
        },
      },
      'aspect-ratio': { type: 'string', enum: ['4:3', '16:9'], default: '4:3', description: 'Aspect ratio.' },
      'scale-type': { type: 'string', enum: ['contain', 'cover'], default: 'contain', description: 'How images fill their box.' },
      visible,
    },
  },
} as const satisfies Readonly<Record<string, ComponentSpec>>;
