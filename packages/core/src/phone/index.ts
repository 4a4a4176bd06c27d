export { MAX_PHONE_NUMBER_TEXT, parsePhoneNumber, type ParsePhoneNumberResult, type PhoneNumberProblemCode } from './parse-phone-number.js';
